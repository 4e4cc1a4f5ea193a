package dev.rollback.examples.agent;

/** The agent's {@code --help} text. */
final class AgentUsage {
  private AgentUsage() {}

  /** The flags, their defaults and the rules they follow. */
  static final String TEXT = """
      usage: RollbackAgent [--config FILE] FLAGS...

      Finds releases of Deployments by itself, judges each with the default detection on Prometheus
      metrics, rolls a regression back, notifies, and writes a postmortem of every run. Stops
      cleanly on SIGTERM; a run in progress is resumed by the next agent from the run store.

      Cluster (default: $KUBECONFIG, then ~/.kube/config, then the pod's service account)
        --kubeconfig PATH            kubeconfig file
        --context NAME               its context (default: the file's current context)
        --in-cluster                 use the pod's service account
        --cluster NAME               the cluster's name in notifications and postmortems
                                     (default: the context, else "kubernetes")
        --namespace NS[,NS...]       namespaces to watch (required; repeatable)
        --selector SELECTOR          label selector of the Deployments, as kubectl -l (default: all)
        --shape in-place|blue-green  how versions are laid out (default: in-place)
        --store-namespace NS         namespace of the run store and lock (default: the first --namespace)
        --smoke-image IMAGE          run IMAGE as a smoke-test Job after a rollback (default: none)

      Metrics and judgement
        --prometheus-url URL         Prometheus' base URL (required)
        --prometheus-bearer-token S  bearer token for Prometheus (secret)
        --error-ratio-query PROMQL   the deployment's error ratio (0..1)
        --latency-query PROMQL       the deployment's latency (e.g. p99 seconds); at least one query
                                     is required; placeholders {cluster}, {namespace}, {name} inside
                                     quoted label values, not {version}
        --step DURATION              the query resolution (default 1m)
        --baseline DURATION          calibration window before each release, >= 20 steps (default 2h)
        --interval DURATION          how often each release is judged (default 30s)
        --judgement-window DURATION  how long after its rollout a release is judged (default 2h)

      Notifications and postmortems (at least one notifier; Kubernetes Events are always written)
        --webhook-url URL            signed JSON webhook (secret; body: rollback-notify/WEBHOOK.md)
        --webhook-signing-secret S   HMAC-SHA256 key of the webhook's signature header (secret)
        --slack-webhook-url URL      Slack incoming webhook (secret)
        --pagerduty-routing-key KEY  PagerDuty Events API v2 routing key (secret)
        --postmortem-dir DIR         where each run's postmortem is written (required)

      A secret S may be given as env:NAME or file:PATH. Durations: 500ms, 30s, 5m, 2h, 1d or PT30S.
      --config FILE reads a properties file with the flags' names as keys (prometheus-url=...);
      the command line wins. Exit status: 0 after a clean stop, 2 for invalid settings.
      """;
}
