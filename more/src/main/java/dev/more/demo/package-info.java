/**
 * The engine end to end on a problem small enough to watch: {@link dev.more.demo.SyntheticRegression} fits a
 * two-layer perceptron to a smooth function through the tensor and autograd APIs alone.
 */
package dev.more.demo;
