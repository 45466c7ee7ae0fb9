// `npm run -s digest -- [--index DIR] [--date YYYY-MM-DD|undated] [--json]`: an issue's articles page by page.
import type { Digest } from '../domain.js';
import { normaliseDate } from '../ingest/metadata.js';
import { parseArgs, stringFlag } from './args.js';
import { runMain } from '../run-main.js';
import { openCliArchive, writeOut } from './open-cli-archive.js';

export function formatDigestText(d: Digest): string {
  if (!d.items.length) return `${d.date ?? '未注明日期的版面'}：没有找到文章。\n`;
  const lines = [`${d.date ?? '未注明日期的版面'} 要目`];
  let heading = '';
  for (const item of d.items) {
    const h = `${item.paper ?? '（报名不详）'}${item.issue ? ` 第${item.issue}期` : ''} ${item.page ? `第${item.page}版` : '版次不详'}`;
    if (h !== heading) { lines.push('', h); heading = h; }
    lines.push(`- 《${item.title}》${item.summary}`);
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { values: ['index', 'date'], booleans: ['json'] });
  const raw = stringFlag(args, 'date');
  const date = raw === undefined || raw === 'undated' ? raw : normaliseDate(raw);
  if (date === null) throw new Error(`--date must look like 2025-08-07 (or "undated"), got "${raw}"`);
  const archive = await openCliArchive(args);
  try {
    const digest = await archive.digest(date);
    const json = {
      date: digest.date,
      items: digest.items.map((i) => ({ paper: i.paper, issue: i.issue, page: i.page, title: i.title, summary: i.summary, source: i.source })),
    };
    await writeOut(args.flags.has('json') ? JSON.stringify(json) + '\n' : formatDigestText(digest));
  } finally {
    archive.close();
  }
}

runMain('digest', main);
