/** "7 days", "24 hours", "1 hour", "10 minutes": how long a link works, as a person says it. */
export function durationText(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes >= 2 * 1440 && minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  if (minutes >= 60 && minutes % 60 === 0) return plural(minutes / 60, 'hour');
  if (minutes >= 2 * 1440) return plural(Math.round(minutes / 1440), 'day');
  if (minutes >= 120) return plural(Math.round(minutes / 60), 'hour');
  return plural(Math.max(Math.round(minutes), 1), 'minute');
}
