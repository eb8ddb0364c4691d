#!/bin/sh
# The container's HEALTHCHECK: GET /health on Quiver's HTTP port (healthy once every shard answers).
# Follows QUIVER_HTTP_PORT and, when TLS is on (QUIVER_TLS_CERT_FILE), uses https without verifying
# the certificate (the server is this container). /health needs no credentials while health-open is
# true, the default.
port="${QUIVER_HTTP_PORT:-6333}"
scheme=http
[ -n "${QUIVER_TLS_CERT_FILE:-}" ] && scheme=https
exec curl --fail --silent --show-error --insecure --max-time 4 --output /dev/null "$scheme://127.0.0.1:$port/health"
