// The coverage report as one self-contained HTML page: inline CSS and inline SVG charts, no script,
// and a Content-Security-Policy that forbids every fetch, so it opens the same offline, attached to
// an e-mail or on a wiki. Every value from the log is escaped: questions are user input.
import type { CoveragePage, GapGroup } from './types';

const GREEN = '#2f9e44';
const RED = '#e03131';
const GREY = '#868e96';
const BLUE = '#1c7ed6';

export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const pct = (n: number, of: number) => (of ? `${Math.round((n / of) * 100)}%` : '–');
const dateTime = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

export function renderCoverageHtml(p: CoveragePage): string {
  const unanswered = p.questions - p.answered;
  const votes = p.votes.up + p.votes.down;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Knowledge-base coverage, last ${p.days} days</title>
<style>
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif; color: #212529; margin: 2rem auto; max-width: 1000px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #dee2e6; }
.muted { color: ${GREY}; } .cards { display: flex; gap: 1rem; flex-wrap: wrap; }
.card { border: 1px solid #dee2e6; border-radius: 8px; padding: .8rem 1rem; min-width: 200px; }
.big { font-size: 1.8rem; font-weight: 600; } table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid #f1f3f5; }
.ok { color: ${GREEN}; } .legend span { margin-right: 1rem; } .sw { display: inline-block; width: .8em; height: .8em; margin-right: .3em; }
</style>
</head>
<body>
<h1>Knowledge-base coverage</h1>
<p class="muted">Last ${p.days} days, generated ${esc(dateTime(p.generatedAt))}. ${p.questions} questions logged.</p>

<div class="cards">
  <div class="card"><div class="muted">Answer rate</div><div class="big" id="answer-rate">${pct(p.answered, p.questions)}</div>
    ${rateBar('chart-answer-rate', p.answered, unanswered, 'answered', 'not answered')}<div class="muted">${p.answered} answered, ${unanswered} not</div></div>
  <div class="card"><div class="muted">Votes: helpful / not helpful</div><div class="big" id="vote-share">${votes ? `${pct(p.votes.up, votes)} helpful` : 'no votes'}</div>
    ${rateBar('chart-votes', p.votes.up, p.votes.down, 'helpful', 'not helpful')}<div class="muted">${p.votes.up} helpful, ${p.votes.down} not helpful</div></div>
  <div class="card"><div class="muted">Coverage gaps</div><div class="big">${p.gaps.totalGroups}</div><div class="muted">groups from ${p.gaps.gaps} questions</div></div>
</div>

<h2>Questions per day</h2>
<p class="legend"><span><i class="sw" style="background:${GREEN}"></i>answered</span><span><i class="sw" style="background:${RED}"></i>not answered</span></p>
${perDayChart(p)}

<h2>Coverage gaps</h2>
${gapTable(p.gaps.groups)}

<h2>Most cited documents</h2>
${p.topCited.length ? citedChart(p) : '<p class="muted">No answer cited a document in this period.</p>'}

<h2>Documents never cited</h2>
${p.neverCited.length ? `<ul id="never-cited">${p.neverCited.map((d) => `<li>${esc(d)}</li>`).join('')}</ul>` : '<p class="muted" id="never-cited">Every document was cited at least once.</p>'}
</body>
</html>
`;
}

/** Two shares of one whole as a single stacked bar. */
function rateBar(id: string, a: number, b: number, aLabel: string, bLabel: string): string {
  const w = 200;
  const total = a + b;
  const aw = total ? Math.round((a / total) * w) : 0;
  const title = `${aLabel}: ${a}, ${bLabel}: ${b}`;
  return `<svg id="${id}" width="${w}" height="14" viewBox="0 0 ${w} 14" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>
<rect x="0" y="0" width="${w}" height="14" fill="${total ? RED : '#e9ecef'}"/><rect x="0" y="0" width="${aw}" height="14" fill="${GREEN}"/></svg>`;
}

function perDayChart(p: CoveragePage): string {
  const days = p.perDay;
  const W = 960;
  const H = 220;
  const pad = { l: 36, b: 24, t: 8 };
  const max = Math.max(1, ...days.map((d) => d.answered + d.unanswered));
  const bw = (W - pad.l) / Math.max(1, days.length);
  const y = (n: number) => ((H - pad.b - pad.t) * n) / max;
  const bars = days
    .map((d, i) => {
      const x = pad.l + i * bw + 1;
      const ha = y(d.answered);
      const hu = y(d.unanswered);
      const base = H - pad.b;
      const label = i % Math.ceil(days.length / 10) === 0 ? `<text x="${x}" y="${H - 6}" font-size="10" fill="${GREY}">${d.day.slice(5)}</text>` : '';
      return `<g><title>${d.day}: ${d.answered} answered, ${d.unanswered} not answered</title>` +
        `<rect x="${x.toFixed(1)}" y="${(base - ha).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${ha.toFixed(1)}" fill="${GREEN}"/>` +
        `<rect x="${x.toFixed(1)}" y="${(base - ha - hu).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${hu.toFixed(1)}" fill="${RED}"/></g>${label}`;
    })
    .join('');
  return `<svg id="chart-per-day" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="Questions per day, answered and not answered">
<line x1="${pad.l}" y1="${H - pad.b}" x2="${W}" y2="${H - pad.b}" stroke="#ced4da"/>
<text x="0" y="${pad.t + 10}" font-size="10" fill="${GREY}">${max}</text><text x="0" y="${H - pad.b}" font-size="10" fill="${GREY}">0</text>
${bars}</svg>`;
}

function citedChart(p: CoveragePage): string {
  const W = 960;
  const row = 22;
  const H = row * p.topCited.length;
  const labelW = 360;
  const max = Math.max(1, ...p.topCited.map((c) => c.count));
  const rows = p.topCited
    .map((c, i) => {
      const w = Math.max(2, ((W - labelW - 60) * c.count) / max);
      return `<text x="0" y="${i * row + 15}" font-size="12">${esc(c.docId.length > 55 ? c.docId.slice(0, 54) + '…' : c.docId)}</text>` +
        `<rect x="${labelW}" y="${i * row + 4}" width="${w.toFixed(1)}" height="14" fill="${BLUE}"/>` +
        `<text x="${(labelW + w + 6).toFixed(1)}" y="${i * row + 15}" font-size="12" fill="${GREY}">${c.count}</text>`;
    })
    .join('');
  return `<svg id="chart-top-cited" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="Most cited documents">${rows}</svg>`;
}

function gapTable(groups: GapGroup[]): string {
  if (!groups.length) return '<p class="muted" id="gaps">No gaps: every question got an answer nobody voted down.</p>';
  const rows = groups
    .map((g, i) => {
      const why = [
        g.reasons.abstained && `${g.reasons.abstained} unanswered`,
        g.reasons.lowConfidence && `${g.reasons.lowConfidence} low confidence`,
        g.reasons.downvoted && `${g.reasons.downvoted} voted not helpful`,
      ].filter(Boolean).join(', ');
      const others = g.phrasings.length ? `<div class="muted">also: ${g.phrasings.map((t) => `“${esc(t)}”`).join(', ')}</div>` : '';
      const done = g.answeredSince !== undefined ? `<div class="ok">✓ answered after the reload of ${esc(dateTime(g.answeredSince))}</div>` : '';
      return `<tr><td>${i + 1}</td><td><strong>${esc(g.label)}</strong><div>“${esc(g.example)}”</div>${others}${done}</td>` +
        `<td>${g.people !== undefined ? `${g.people} people, ` : ''}${g.asked} asked<div class="muted">${esc(why)}</div></td>` +
        `<td>${g.closest.map((d) => esc(d)).join('<br>') || '<span class="muted">none</span>'}</td></tr>`;
    })
    .join('\n');
  return `<table id="gaps"><thead><tr><th>#</th><th>Need</th><th>Asked</th><th>Closest documents</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}
