## The admin's health page (/admin/health)

health-title = Hub health
health-intro = How this hub is doing: deliveries to other servers, servers that fail, catching up with peer hubs, and the disk it uses.
health-hub-heading = This hub
health-version = Version
health-uptime = Running for
health-database = Database
health-media = Uploaded files
health-pool = Database connections
health-pool-value = { $open } open ({ $idle } idle) of at most { $max }
health-oldest = Oldest waiting
health-oldest-none = Nothing waits
health-hosts-heading = Servers we deliver to
health-state-failing = Failing
health-col-since = Failing since (UTC)
health-backfills-heading = Catching up with peer hubs
health-backfills-empty = This hub has no peer hubs yet.
health-col-items = Items received
health-backfill-none = Not started
health-backfill-pending = In progress
health-backfill-done = Done
health-backfill-failed = Failed
health-ops-heading = Metrics and backups
health-metrics-bind = Metrics for Prometheus are served at http://{ $address }/metrics.
health-metrics-token = Metrics for Prometheus are served at /metrics to a scraper that sends the configured token.
health-metrics-off = Metrics for Prometheus are off: set metrics.bind or metrics.token in the configuration to turn them on.
health-backup = Back the hub up with one command, once a day (it can run while the hub is serving); restore with the hub stopped:
health-seconds = { $n ->
    [one] { $n } second
   *[other] { $n } seconds
}
health-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
health-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
health-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
