from bench.site.load import scenarios, summarise_samples


def request_paths():
    """Each scenario's path chooser, by name, on a small collection."""
    chosen = scenarios({"published_objects": 50, "exhibition_slug": "bench-hanoi-1972"})
    return {name: next_path for name, next_path, _ in chosen}


def test_uncached_scenarios_never_repeat_a_url():
    paths = request_paths()
    for name in ("browse, uncached", "search, uncached", "exhibition, uncached", "home, uncached"):
        requested = [paths[name]() for _ in range(20)]
        assert len(set(requested)) == 20


def test_cached_scenarios_cycle_through_a_few_urls():
    paths = request_paths()
    assert len({paths["browse"]() for _ in range(60)}) == 6


def test_samples_summarise_as_rate_percentiles_and_errors():
    samples = [(0.010, 200, 2048)] * 9 + [(0.100, 503, 0)]
    summary = summarise_samples(samples, duration=2)
    assert summary["requests"] == 10
    assert summary["rps"] == 5
    assert summary["p50_ms"] == 10
    assert summary["p99_ms"] == 100
    assert summary["errors"] == {"503": 1}
