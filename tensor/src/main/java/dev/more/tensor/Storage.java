package dev.more.tensor;

/** A flat buffer of floats on one device; tensors view it through a {@link Layout}. */
public interface Storage {
    /** The backend that runs ops on this storage. */
    Backend backend();

    /** The number of floats held. */
    int length();
}
