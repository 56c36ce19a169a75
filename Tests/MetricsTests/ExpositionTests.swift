import Metrics
import Synchronization
import Testing

@Suite("Prometheus text: counters, histograms and request counts")
struct ExpositionTests {
    @Test("a counter adds from many threads without losing a step, and moves down as a gauge")
    func counterFromThreads() async {
        let counter = Counter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask { for _ in 0..<10_000 { counter.add() } }
            }
        }
        #expect(counter.value == 80_000)
        counter.add(-80_001)
        #expect(counter.value == -1)
    }

    @Test("histogram buckets are cumulative, +Inf counts everything, the sum is in seconds")
    func histogram() {
        let histogram = Histogram(bounds: [0.001, 0.01])
        histogram.observe(0.0005)
        histogram.observe(0.001)  // on the bound: le is inclusive
        histogram.observe(0.005)
        histogram.observe(2)
        var text = PrometheusText()
        histogram.write("x_seconds", help: "X.", to: &text)
        #expect(
            text.text == """
                # HELP x_seconds X.
                # TYPE x_seconds histogram
                x_seconds_bucket{le="0.001"} 2
                x_seconds_bucket{le="0.01"} 3
                x_seconds_bucket{le="+Inf"} 4
                x_seconds_sum 2.0065
                x_seconds_count 4

                """)
        #expect(histogram.count == 4)
    }

    @Test("request counts: one series per route and status seen; unnamed statuses count as other")
    func requestCounts() {
        let counts = RequestCounts(routes: ["tasks", "task"])
        counts.record(route: 0, status: 200)
        counts.record(route: 0, status: 200)
        counts.record(route: 1, status: 404)
        counts.record(route: 1, status: 418)
        #expect(counts.count(route: 0, status: 200) == 2)
        #expect(counts.count(route: 1, status: nil) == 1)
        var text = PrometheusText()
        counts.write("r_total", help: "R.", to: &text)
        #expect(
            text.text == """
                # HELP r_total R.
                # TYPE r_total counter
                r_total{route="tasks",status="200"} 2
                r_total{route="task",status="404"} 1
                r_total{route="task",status="other"} 1

                """)
    }

    @Test("label values are escaped; floats keep their fraction, whole numbers lose it")
    func escaping() {
        var text = PrometheusText()
        text.sample("a", labels: [("v", "q\"b\\n\nx")], 1.5)
        text.sample("b", 3.0)
        #expect(text.text == "a{v=\"q\\\"b\\\\n\\nx\"} 1.5\nb 3\n")
    }
}
