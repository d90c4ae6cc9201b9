import type { Request } from 'express';
import type { ScannerSign } from '../../core/links/record-link-visit.ts';

// Mail security scanners, link unfurlers and plain HTTP clients seen opening
// emailed links before the recipient does.
const scannerAgents =
  /safelinks|microsoft office|ms-office|msoffice|bingpreview|bingbot|msnbot|googlebot|google-safety|googleother|google-read-aloud|feedfetcher|slackbot|slack-imgproxy|facebookexternalhit|facebot|twitterbot|linkedinbot|discordbot|telegrambot|whatsapp|skypeuripreview|teamsbot|applebot|barracuda|proofpoint|mimecast|symantec|forcepoint|trend ?micro|sophos|fortiguard|zscaler|paloalto|urlscan|virustotal|python-requests|python-urllib|aiohttp|go-http-client|okhttp|java\/|curl\/|wget|libwww|headlesschrome|phantomjs/i;

/** What the request itself says about who is asking; the core adds the timing sign. */
export function scannerSigns(req: Request): ScannerSign[] {
  const signs: ScannerSign[] = [];
  if (req.method === 'HEAD') signs.push('head_request');
  const agent = req.get('user-agent') ?? '';
  if (agent === '' || scannerAgents.test(agent)) signs.push('scanner_user_agent');
  return signs;
}
