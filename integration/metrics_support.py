"""Reading GET /api/metrics in tests: the document parsed by the reference parser (prometheus_client), its families
and types checked, and its samples as a dictionary."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

FAMILIES = {
    "todo_fcgi_requests": "counter",
    "todo_fcgi_request_duration_seconds": "histogram",
    "todo_fcgi_token_cache_hits": "counter",
    "todo_fcgi_token_cache_misses": "counter",
    "todo_fcgi_password_work_running": "gauge",
    "todo_fcgi_password_work_waiting": "gauge",
    "todo_fcgi_password_work_shed": "counter",
    "todo_fcgi_database_errors": "counter",
    "todo_fcgi_database_write_retries": "counter",
    "todo_fcgi_connections_open": "gauge",
    "process_resident_memory_bytes": "gauge",
    "process_start_time_seconds": "gauge",
}


def scrape(srv) -> dict[tuple[str, tuple], float]:
    """Every sample of /api/metrics as {(name, sorted labels): value}, after checking the families and types."""
    r = srv.client.get("/api/metrics")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8", r.headers
    assert r.headers["cache-control"] == "no-store"
    families = {f.name: f for f in text_string_to_metric_families(r.text)}
    assert {name: f.type for name, f in families.items()} == FAMILIES, r.text
    return {(s.name, tuple(sorted(s.labels.items()))): s.value for f in families.values() for s in f.samples}


def requests(samples, route: str, status: str) -> float:
    return samples.get(("todo_fcgi_requests_total", (("route", route), ("status", status))), 0)
