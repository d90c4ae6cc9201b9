/**
 * Parses Prometheus text exposition (what prom-client's `registry.metrics()`
 * writes): `# HELP`, `# TYPE` and `name{label="value",…} number` lines. Strict:
 * a line that is none of these fails the test that scraped it. NaN and Inf in
 * any case, as Prometheus's own parser takes them (prom-client writes `Nan`).
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parsePrometheusText(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ')) continue;
    const type = /^# TYPE (\w+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (-?(?:[\d.e+-]+|NaN|\+Inf|-Inf))$/i.exec(line);
    if (!sample) throw new Error(`not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[key!] = value!.replace(/\\(.)/g, '$1');
    samples.push({
      name: sample[1]!,
      labels,
      value: /^nan$/i.test(sample[3]!) ? Number.NaN : Number(sample[3]!.replace(/inf/i, 'Infinity')),
    });
  }
  return { types, samples };
}

/** The value of the one sample with this name whose labels include `labels`; 0 when none. */
export function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found.reduce((sum, s) => sum + s.value, 0);
}
