/** The rules where Crucible's upstairs revisions differ, behind one interface: revision O now, H later. */
package dev.cruciblesim.upstairs.policy;
