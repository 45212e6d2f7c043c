// A throwaway OpenID Connect provider for Rebound's login tests: panva's oidc-provider (OpenID
// certified) with two test users who sign in with a password on the provider's own form.
// Never for real use: the users, passwords and client secret are in this folder for everyone.
//
//   PORT=4010 node provider.mjs      (PORT=0 or unset: a free port)
//
// It prints one line "oidc-provider ready at <issuer>" once it answers, and stops on SIGTERM/SIGINT.
import { readFileSync } from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const HERE = new URL('.', import.meta.url);
const { users, client } = JSON.parse(readFileSync(new URL('accounts.json', HERE), 'utf8'));
const bySub = new Map(Object.values(users).map((u) => [u.sub, u]));

const server = http.createServer();
await new Promise((resolve) => server.listen(Number(process.env.PORT || 0), '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      ...client,
      // A loopback "native" client: the provider accepts its redirect URI on any port of
      // 127.0.0.1/localhost (RFC 8252, 7.3), so the test server's /oauth2callback matches
      // whatever free port the test picked.
      application_type: 'native',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
  conformIdTokenClaims: false, // the scopes' claims go into the ID token, which Streamlit's st.user reads
  cookies: { keys: ['rebound-test-provider-cookie-key-not-secret'] },
  features: {
    devInteractions: { enabled: false }, // its form takes any password; ours checks it
    rpInitiatedLogout: { enabled: true, logoutSource },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const user = bySub.get(sub);
    if (!user) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, name: user.name, email: user.email, email_verified: true, preferred_username: user.login };
      },
    };
  },
});
provider.proxy = false;
const oidc = provider.callback();

server.on('request', (req, res) => {
  const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(req.url, issuer).pathname);
  if (!match) {
    oidc(req, res);
    return;
  }
  handleInteraction(req, res, match[2] === '/login').catch((err) => {
    console.error('interaction failed:', err);
    if (!res.headersSent) {
      page(res, 400, 'Sign-in failed', `<p>${escape(err.message || 'Something went wrong.')}</p>`);
    }
  });
});

async function handleInteraction(req, res, submitted) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'consent') {
    // The test client is first-party: grant what it asked for without a consent screen.
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  if (!submitted) {
    loginForm(res, details.uid, 200, '');
    return;
  }
  const form = new URLSearchParams(await body(req));
  const login = (form.get('username') || '').trim();
  const user = Object.hasOwn(users, login) ? users[login] : undefined;
  if (!user || user.password !== form.get('password')) {
    console.log(`refused a sign-in for ${JSON.stringify(login)}: wrong username or password`);
    loginForm(res, details.uid, 401, 'Wrong username or password. Try again.');
    return;
  }
  console.log(`signed in ${login}`);
  await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
}

function loginForm(res, uid, status, error) {
  page(
    res,
    status,
    'Sign in to the test provider',
    `${error ? `<p role="alert" id="error">${escape(error)}</p>` : ''}
    <form method="post" action="/interaction/${escape(uid)}/login">
      <label for="username">Username</label>
      <input id="username" name="username" autocomplete="username" required autofocus>
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button type="submit">Sign in</button>
    </form>`,
  );
}

async function logoutSource(ctx, form) {
  ctx.type = 'html';
  ctx.body = html(
    'Sign out of the test provider',
    `${form}<p>Do you want to sign out?</p>
    <button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
    <button type="submit" form="op.logoutForm">No, stay signed in</button>`,
  );
}

function page(res, status, title, content) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(html(title, content));
}

function html(title, content) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:sans-serif;max-width:24rem;margin:3rem auto}label,input,button{display:block;margin:.4rem 0}</style>
</head><body><main><h1>${escape(title)}</h1>${content}</main></body></html>`;
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function body(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      data += chunk;
      if (data.length > 10_000) req.destroy(new Error('form too large'));
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
console.log(`oidc-provider ready at ${issuer}`);
