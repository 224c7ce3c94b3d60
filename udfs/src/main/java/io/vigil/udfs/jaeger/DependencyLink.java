package io.vigil.udfs.jaeger;

/**
 * One edge of Jaeger's dependency graph, as its {@code jaeger-dependencies-*} documents hold it.
 *
 * @param parent the calling service
 * @param child the called service
 * @param callCount how many calls
 */
public record DependencyLink(String parent, String child, long callCount) {}
