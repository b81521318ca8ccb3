// The pages a person sees in the browser while installing Breakouts into a Slack workspace: the
// "Add to Slack" page, then a page that says it worked and what to do next, or what went wrong
// and how to try again. Plain HTML, no scripts, every value escaped.

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' })[c] ?? c);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1d1c1d}a.button{display:inline-block;padding:.6rem 1.2rem;border-radius:6px;background:#4a154b;color:#fff;text-decoration:none;font-weight:600}code{background:#f4f4f4;padding:.1rem .3rem;border-radius:3px}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

/** The "Add to Slack" page: its link goes to Slack's authorize page with this browser's state. */
export function installPage(authorizeUrl: string): string {
  return page(
    'Add Breakouts to Slack',
    `<h1>Add Breakouts to Slack</h1>
<p>Breakouts runs breakout rooms for meetings held in a Slack channel. Slack will ask you to pick a workspace and to allow what Breakouts needs.</p>
<p><a class="button" href="${escape(authorizeUrl)}">Add to Slack</a></p>
<p>The link works for 10 minutes, in this browser only.</p>`,
  );
}

export function successPage(workspace: string | undefined): string {
  return page(
    'Breakouts is installed',
    `<h1>Breakouts is installed${workspace ? ` in ${escape(workspace)}` : ''}</h1>
<p>What to do next: open the channel where your meeting is, invite the app if the channel is private (<code>/invite @Breakouts</code>), then type <code>/breakouts</code> there. <code>/breakouts help</code> lists everything it can do.</p>
<p>You can close this page.</p>`,
  );
}

/** What went wrong, in the installing person's words, and the way to try again. */
export function failurePage(reason: string): string {
  return page(
    'Breakouts was not installed',
    `<h1>Breakouts was not installed</h1>
<p>${escape(reason)}</p>
<p><a class="button" href="${INSTALL_PATH}">Start again</a> (at <code>${INSTALL_PATH}</code>)</p>`,
  );
}

export function unavailablePage(reason: string): string {
  return page('Breakouts cannot be installed right now', `<h1>Breakouts cannot be installed right now</h1>\n<p>${escape(reason)}</p>`);
}
