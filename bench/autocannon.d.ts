// The parts of autocannon's API the benchmarks use (it ships no types).
declare module 'autocannon' {
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    '2xx': number;
    '3xx': number;
    '4xx': number;
    '5xx': number;
    errors: number;
    timeouts: number;
  }
  interface Options {
    url: string;
    duration?: number;
    connections?: number;
    overallRate?: number;
    requests?: Array<Record<string, unknown>>;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
