package dev.more.kernels.opencl;

/** Builds every kernel of the backend at once, so that a device that cannot build them is known early. */
public final class ClKernels {
    private ClKernels() {}

    /**
     * Builds (or finds in the cache) every program and kernel the OpenCL backend launches on {@code rt}.
     *
     * @throws OpenClException naming the program and carrying the build log, if one does not build
     */
    public static void buildAll(ClRuntime rt) {
        for (String k : new String[] {"unary", "binary", "select_where", "copy_view"}) {
            rt.kernel("elementwise.cl", k, ClElementwise.DEFINES);
        }
        rt.kernel("reduce.cl", "reduce_trailing", ClReductions.DEFINES);
        ClGemm.config(rt, ClGemm.Variant.TILED);
        ClGemm.config(rt, ClGemm.Variant.ROWS);
        for (String k : new String[] {
            "blockdiag_forward", "blockdiag_backward_input", "blockdiag_backward_weight", "transpose_rows"
        }) {
            rt.kernel("blockdiag.cl", k, "");
        }
        for (String k : new String[] {"more_forward", "more_backward", "more_sum_partials"}) {
            rt.kernel("more.cl", k, "");
        }
        rt.kernel("softmax.cl", "softmax_rows", "");
        rt.kernel("softmax.cl", "softmax_backward_rows", "");
        for (String k : new String[] {"layernorm_rows", "layernorm_backward_rows", "layernorm_param_grads"}) {
            rt.kernel("layernorm.cl", k, "");
        }
        for (String k : new String[] {"index_select_rows", "index_add_rows", "gather_dim", "scatter_add_dim"}) {
            rt.kernel("indexing.cl", k, "");
        }
        rt.kernel("adamw.cl", "adamw_update", "");
    }
}
