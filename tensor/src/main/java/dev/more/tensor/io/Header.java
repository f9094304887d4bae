package dev.more.tensor.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated safetensors header.
 *
 * @param dataStart the file offset of the data buffer: 8 plus the header length
 * @param tensors the tensors in data order (by {@code begin}, then {@code end}, then header order)
 * @param metadata the {@code __metadata__} entries in header order; empty when absent
 */
record Header(long dataStart, List<TensorInfo> tensors, Map<String, String> metadata) {

    Header {
        tensors = List.copyOf(tensors);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
