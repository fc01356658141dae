/** JSON trees of plain Java maps, lists and scalars, read and written with Jackson's streaming core alone. */
package dev.cruciblesim.tracing.json;
