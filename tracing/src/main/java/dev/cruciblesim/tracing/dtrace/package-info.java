/** DTrace's aggregations, associative arrays and console output, reproduced byte for byte as the DTrace format spec describes. */
package dev.cruciblesim.tracing.dtrace;
