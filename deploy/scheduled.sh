#!/bin/sh
# The scheduled jobs of the dashboard, run by the `jobs` service in compose.yaml (or by the systemd timer in
# deploy/systemd/). Every night at $JOBS_AT (default 03:15, the container's clock, TZ=Europe/Oslo):
#   1. `check-api` (do SSB's tables still look as the importers expect?), then `refresh` only if it passed;
#   2. a backup of the follow-up database into $BACKUP_DIR (default var/backups/), keeping $BACKUP_KEEP_DAYS
#      (default 30) days of them.
# `deploy/scheduled.sh once` runs the jobs once and exits (what the systemd service calls).
set -u
cd "$(dirname "$0")/.." || exit 1
JOBS_AT="${JOBS_AT:-03:15}"
BACKUP_DIR="${BACKUP_DIR:-var/backups}"
BACKUP_KEEP_DAYS="${BACKUP_KEEP_DAYS:-30}"

run_jobs() {
    echo "$(date -Iseconds) check-api"
    if python -m indicators check-api; then
        echo "$(date -Iseconds) refresh"
        python -m indicators refresh || echo "$(date -Iseconds) refresh feila (sjå over); dei gamle tala står" >&2
    else
        echo "$(date -Iseconds) check-api feila: refresh er hoppa over i natt" >&2
    fi
    mkdir -p "$BACKUP_DIR"
    stamp="$(date +%Y-%m-%d)"
    if python -m indicators db backup "$BACKUP_DIR/followup-$stamp.json"; then
        # retention: only backups this job made (the name pattern), older than the limit
        find "$BACKUP_DIR" -maxdepth 1 -name 'followup-*.json' -mtime +"$BACKUP_KEEP_DAYS" -print -delete
    else
        echo "$(date -Iseconds) tryggingskopien feila (sjå over); dei gamle er ikkje sletta" >&2
    fi
}

seconds_until() {  # seconds from now until the next HH:MM
    now="$(date +%s)"
    next="$(date -d "today $1" +%s)"
    [ "$next" -le "$now" ] && next="$(date -d "tomorrow $1" +%s)"
    echo $((next - now))
}

if [ "${1:-}" = "once" ]; then
    run_jobs
    exit 0
fi
while true; do
    wait_s="$(seconds_until "$JOBS_AT")"
    echo "$(date -Iseconds) neste køyring om $wait_s s (kl. $JOBS_AT)"
    sleep "$wait_s"
    run_jobs
done
