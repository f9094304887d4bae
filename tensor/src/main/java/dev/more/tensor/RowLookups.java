package dev.more.tensor;

import java.util.List;

/** Row lookups beyond {@link Tensor#indexSelect}: the rows of several tables, summed in one op. */
public final class RowLookups {
    private RowLookups() {}

    /**
     * Row i of the result is {@code tables[0][rows[0][i]] + tables[1][rows[1][i]] + ...}, added left to right: the
     * bits of {@link Tensor#indexSelect} on each table then {@link Tensor#add} in order, in one pass that writes
     * one array (a transformer's token, position and token-type embeddings). Each table is (count, n); each
     * row list has the result's row count. Shape (rows, n).
     *
     * @throws ShapeException if a table is not a matrix of n columns, or the row lists differ in length
     * @throws IndexOutOfRangeException if a row is outside its table
     * @throws IllegalArgumentException if there are no tables, not one row list per table, or tables on two devices
     */
    public static Tensor sum(List<Tensor> tables, List<int[]> rows) {
        if (tables.isEmpty() || tables.size() != rows.size()) {
            throw new IllegalArgumentException("RowLookups.sum: needs one row list per table, got " + tables.size()
                    + " tables and " + rows.size() + " row lists");
        }
        Tensor first = tables.get(0);
        int n = first.rank() == 2 ? first.size(1) : -1;
        int count = rows.get(0).length;
        Storage[] storages = new Storage[tables.size()];
        for (int t = 0; t < tables.size(); t++) {
            Tensor table = tables.get(t);
            if (table.rank() != 2 || table.size(1) != n) {
                throw new ShapeException(
                        "RowLookups.sum",
                        first.shape(),
                        table.shape(),
                        "every table must be a matrix with the first's columns");
            }
            if (rows.get(t).length != count) {
                throw new ShapeException(
                        "RowLookups.sum",
                        new int[] {count},
                        new int[] {rows.get(t).length},
                        "every row list must have the first's length");
            }
            if (!table.device().equals(first.device())) {
                throw new IllegalArgumentException(
                        "RowLookups.sum: table " + t + " is on " + table.device() + ", the first on " + first.device());
            }
            for (int row : rows.get(t)) {
                if (row < 0 || row >= table.size(0)) {
                    throw new IndexOutOfRangeException("RowLookups.sum, table " + t, row, table.size(0));
                }
            }
            storages[t] = table.contiguousStorage();
        }
        Storage out = first.storage().backend().sumOfGatheredRows(storages, rows.toArray(new int[0][]), n);
        return new Tensor(out, Layout.contiguous(count, n));
    }
}
