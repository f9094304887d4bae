package dev.more.kernels.cpu;

import dev.more.kernels.AttentionShape;

/**
 * A (batch, seq, hidden) operand of attention whose tokens are rows: token {@code (b, s)} starts at
 * {@code offset + (b·seq + s)·rowStride} and its features are contiguous, head h's at
 * {@code h·headDim}. A linear layer's output is one with {@code rowStride = hidden}; the query, key and
 * value thirds of a fused projection are three with {@code rowStride = 3·hidden}.
 *
 * @param data the array
 * @param offset where token (0, 0) starts
 * @param rowStride floats from one token to the next
 */
public record TokenRows(float[] data, int offset, int rowStride) {
    /** A contiguous (batch, seq, hidden) array. */
    public static TokenRows contiguous(float[] data, int hidden) {
        return new TokenRows(data, 0, hidden);
    }

    /** Where head {@code head} of sequence {@code b}'s first token starts. */
    int start(AttentionShape s, int b, int head) {
        return offset + b * s.seq() * rowStride + head * s.headDim();
    }
}
