/**
 * The synthetic data sets shipped for the demo ({@link dev.more.train.demodata.DemoTask}) and the seeded
 * template generators that wrote them ({@link dev.more.train.demodata.DemoDataGenerator}).
 */
package dev.more.train.demodata;
