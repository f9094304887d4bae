package dev.more.nn.layers;

/** Checks on the (batch, seq) integer grids that token ids and masks arrive in. */
public final class Grids {
    private Grids() {}

    /**
     * The common row length of {@code grid}, which must have at least one row and rows of one
     * non-zero length; the message names {@code op} and the grid's {@code role}.
     */
    public static int columns(String op, String role, int[][] grid) {
        if (grid == null || grid.length == 0) {
            throw new IllegalArgumentException(op + ": " + role + " must have at least one row");
        }
        int seq = grid[0] == null ? 0 : grid[0].length;
        if (seq == 0) {
            throw new IllegalArgumentException(op + ": " + role + " row 0 is empty");
        }
        for (int b = 1; b < grid.length; b++) {
            if (grid[b] == null || grid[b].length != seq) {
                throw new IllegalArgumentException(op + ": " + role + " row " + b + " has length "
                        + (grid[b] == null ? 0 : grid[b].length) + ", row 0 has " + seq + "; pad rows to one length");
            }
        }
        return seq;
    }

    /** The rows of a grid of one row length (see {@link #columns}) one after another. */
    public static int[] flatten(int[][] grid) {
        int seq = grid[0].length;
        int[] flat = new int[grid.length * seq];
        for (int b = 0; b < grid.length; b++) {
            System.arraycopy(grid[b], 0, flat, b * seq, seq);
        }
        return flat;
    }

    /** Checks that {@code grid} is {@code batch} rows of {@code seq}, like the ids it goes with. */
    public static void checkShape(String op, String role, int[][] grid, int batch, int seq) {
        int columns = columns(op, role, grid);
        if (grid.length != batch || columns != seq) {
            throw new IllegalArgumentException(op + ": " + role + " is " + grid.length + " x " + columns
                    + ", the input ids are " + batch + " x " + seq);
        }
    }
}
