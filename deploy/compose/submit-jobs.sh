#!/usr/bin/env bash
# Run by the vigil-submit service (flink image, as user flink): submits each Vigil job to the
# compose JobManager as its own detached Flink job, as production runs them (each scales and
# restarts on its own). The jar's entry point is io.vigil.jobs.cli.VigilCli; its `run` command
# takes the config file and the job names (metrics | logs | traces | all).
# Idempotent: a job named "vigil [<job>]" that is already running, restarting or scheduled on the
# cluster is not submitted again, so `docker compose up` can be repeated.
set -euo pipefail

jobmanager="${FLINK_JOBMANAGER:-jobmanager:8081}"
jar="${VIGIL_JAR:-/opt/vigil/vigil-jobs-all.jar}"
config="${VIGIL_CONFIG:-/opt/vigil/vigil.yaml}"
jobs="${VIGIL_JOBS:-metrics logs traces}"

if [ ! -r "$jar" ]; then
  echo "vigil-submit: $jar is missing; build it with ./mvnw -pl jobs -am package -DskipTests" >&2
  exit 1
fi

# Wait (at most 2 minutes) until a TaskManager has registered its slots with the JobManager.
for attempt in $(seq 1 60); do
  slots="$(curl -fsS "http://$jobmanager/overview" | grep -o '"slots-total":[0-9]*' | cut -d: -f2 || true)"
  if [ "${slots:-0}" -gt 0 ]; then
    break
  fi
  if [ "$attempt" -eq 60 ]; then
    echo "vigil-submit: no TaskManager slots at $jobmanager after 2 minutes" >&2
    exit 1
  fi
  sleep 2
done

# Lines look like "22.11.2026 10:00:00 : <job id> : vigil [traces] (RUNNING)".
listed="$(flink list -m "$jobmanager")"
for job in $jobs; do
  name="vigil [$job]"
  if [ "$job" = all ]; then
    name="vigil [metrics, logs, traces]"    # the Flink job name of all jobs in one graph
  fi
  if grep -qF " : $name (" <<<"$listed"; then
    echo "vigil-submit: $name is already on the cluster; not submitted again"
    continue
  fi
  echo "vigil-submit: submitting $name"
  flink run -d -m "$jobmanager" -c io.vigil.jobs.cli.VigilCli "$jar" run --config "$config" "$job"
done
