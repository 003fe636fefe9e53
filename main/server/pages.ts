// Runs in the headless server. The small HTML answers the server writes itself; they must never
// include anything from the request (no reflected input).

export const UNAUTHORIZED_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Benchphant: access token needed</title></head>
<body>
<h1>Access token needed</h1>
<p>This Benchphant server only answers with its access token. Open the URL that
<code>benchphant serve</code> printed when it started (it ends in <code>?token=…</code>).</p>
</body>
</html>
`;
