// Every metric GET /metrics exposes, declared once: this list makes both the MetricId enum the
// code records with and the HELP/TYPE lines and label names of the exposition
// (metrics/metrics.h). X(name after `switchboard_`, type, help, label names...).
//
// Labels come from the configuration (groups, deployments), a fixed set (surfaces, failure
// classes, token kinds) or HTTP status codes, so the number of series stays bounded: no model
// name a client typed and no client key ever becomes a label value.
#pragma once

#define SB_METRICS(X)                                                                              \
  X(requests_total, Counter, "Requests by client surface, group and HTTP status sent", "surface",  \
    "group", "status")                                                                             \
  X(request_duration_seconds, Histogram, "Requests from arrival to the last byte sent", "surface") \
  X(attempts_total, Counter, "Upstream attempts by deployment and outcome (ok or the class)",      \
    "deployment", "outcome")                                                                       \
  X(failovers_total, Counter, "Failed attempts after which the request moved on, by class",        \
    "group", "deployment", "class")                                                                \
  X(attempt_duration_seconds, Histogram, "Answered upstream attempts, sending to the last byte",   \
    "deployment")                                                                                  \
  X(time_to_first_token_seconds, Histogram,                                                        \
    "Streamed attempts from sending to the first content event", "deployment")                     \
  X(tokens_total, Counter, "Tokens as the upstreams reported them, by kind", "deployment", "kind") \
  X(cost_usd_total, Counter, "Cost in USD at catalog prices", "group", "deployment")               \
  X(cooldowns_active, Gauge, "Deployments cooling down now, by the class that cooled them",        \
    "class")                                                                                       \
  X(circuit_state, Gauge, "Each deployment's circuit breaker: 0 closed, 1 half-open, 2 open",      \
    "deployment")                                                                                  \
  X(usage_queue_depth, Gauge, "Usage rows waiting to be written to the state store")                        \
  X(usage_rows_dropped_total, Counter, "Usage rows dropped because the queue was full")            \
  X(build_info, Gauge, "Always 1; the version is a label", "version")
