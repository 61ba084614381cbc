// A relying party built from openid-client alone, driven one step per run by the service's
// tests: node rp.mjs <step> '<json>' prints one JSON object on stdout; a protocol error is
// printed as {"error": ..., "error_description": ...} with exit code 2, so tests can assert it.
import * as client from 'openid-client';

const steps = {
  // Discovery only: what a client learns from the issuer.
  async discover(args) {
    const config = await configure(args);
    const metadata = config.serverMetadata();
    return { issuer: metadata.issuer, token_endpoint: metadata.token_endpoint, jwks_uri: metadata.jwks_uri };
  },

  // RFC 6749 §4.4 with the client's registered authentication method.
  async 'client-credentials'(args) {
    const config = await configure(args);
    const tokens = await client.clientCredentialsGrant(config, args.scope ? { scope: args.scope } : {});
    return { access_token: tokens.access_token, token_type: tokens.token_type, expires_in: tokens.expires_in,
      scope: tokens.scope ?? null, refresh_token: tokens.refresh_token ?? null };
  },

  // The authorization code flow, first half: the URL a browser is sent to, with PKCE (S256),
  // state and nonce; the test keeps what the callback step needs.
  async 'authorization-url'(args) {
    const config = await configure(args);
    const code_verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: args.redirect_uri, scope: args.scope ?? 'openid', state, nonce,
      code_challenge: await client.calculatePKCECodeChallenge(code_verifier), code_challenge_method: 'S256',
    });
    return { url: url.href, code_verifier, state, nonce };
  },

  // Second half: the callback URL the browser landed on, checked (state, iss) and exchanged;
  // the ID token checked (signature, iss, aud, nonce, ...); then UserInfo with the access token.
  async callback(args) {
    const config = await configure(args);
    const tokens = await client.authorizationCodeGrant(config, new URL(args.callback_url), {
      pkceCodeVerifier: args.code_verifier, expectedState: args.state, expectedNonce: args.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    return { token_type: tokens.token_type, scope: tokens.scope ?? null, id_token_claims: claims,
      userinfo_sub: userinfo.sub, access_token: tokens.access_token, refresh_token: tokens.refresh_token ?? null };
  },

  // RFC 6749 §6: the refresh token exchanged for new tokens (scope narrowed if given); a new
  // ID token is checked as the callback's was, less the nonce (OpenID Connect Core 1.0 §12.2).
  async refresh(args) {
    const config = await configure(args);
    const tokens = await client.refreshTokenGrant(config, args.refresh_token,
      args.scope ? { scope: args.scope } : undefined);
    return { token_type: tokens.token_type, scope: tokens.scope ?? null, access_token: tokens.access_token,
      refresh_token: tokens.refresh_token ?? null, id_token_claims: tokens.claims() ?? null };
  },

  // RFC 7009: the token revoked, with its type as a hint if given.
  async revocation(args) {
    const config = await configure(args);
    await client.tokenRevocation(config, args.token,
      args.token_type_hint ? { token_type_hint: args.token_type_hint } : undefined);
    return { revoked: true };
  },
};

async function configure(args) {
  const auth = {
    client_secret_basic: () => client.ClientSecretBasic(args.client_secret),
    client_secret_post: () => client.ClientSecretPost(args.client_secret),
    none: () => client.None(),
  }[args.auth_method ?? 'client_secret_basic'];
  // The tests' issuer is http://localhost:<port>; a deployment's is https.
  const options = new URL(args.issuer).protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {};
  return client.discovery(new URL(args.issuer), args.client_id, args.client_secret, auth(), options);
}

const [step, json] = process.argv.slice(2);
if (!steps[step]) {
  console.error(`usage: node rp.mjs <${Object.keys(steps).join('|')}> '<json arguments>'`);
  process.exit(64);
}
try {
  console.log(JSON.stringify(await steps[step](JSON.parse(json ?? '{}'))));
} catch (error) {
  if (error instanceof client.ResponseBodyError || error instanceof client.AuthorizationResponseError) {
    console.log(JSON.stringify({ error: error.error, error_description: error.error_description ?? null }));
    process.exit(2);
  }
  if (error instanceof client.WWWAuthenticateChallengeError) {
    // A 401 with a challenge (client authentication failed): the client stops at the
    // challenge; the RFC 6749 body beside it says which error.
    const body = await error.response.json().catch(() => ({}));
    console.log(JSON.stringify({ error: body.error ?? null, error_description: body.error_description ?? null,
      status: error.status, challenge: error.cause?.[0]?.scheme ?? null }));
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
}
