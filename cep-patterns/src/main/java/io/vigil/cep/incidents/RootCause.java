package io.vigil.cep.incidents;

import java.io.Serializable;

/**
 * One service of an incident, ranked: how likely it is where the trouble starts, and why.
 *
 * @param service the service
 * @param score in [0, 1], higher is more likely the root cause
 * @param why the facts behind the score, in words a person can check
 */
public record RootCause(String service, double score, String why) implements Serializable {}
