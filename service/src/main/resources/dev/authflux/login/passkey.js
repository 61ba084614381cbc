// Passkeys on the login pages. The pages work without this script; it shows each passkey
// button (hidden in the HTML) only where the browser has WebAuthn, fetches the options,
// asks the authenticator, and submits the button's form with the credential as a person
// would submit the password form, so the server answers with the same pages and redirects.
(() => {
  'use strict';
  if (!window.PublicKeyCredential || typeof PublicKeyCredential.parseRequestOptionsFromJSON !== 'function') {
    return;
  }

  const show = (form, text) => {
    let message = document.getElementById('passkey-message');
    if (!message) {
      message = document.createElement('p');
      message.id = 'passkey-message';
      message.className = 'message';
      message.setAttribute('role', 'alert');
      form.before(message);
    }
    message.textContent = text;
  };

  for (const button of document.querySelectorAll('button[data-passkey-options]')) {
    const form = button.form;
    button.hidden = false;
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const body = new URLSearchParams();
        for (const name of ['_csrf', 'mfa_token']) {
          const field = form.elements.namedItem(name);
          if (field) {
            body.set(name, field.value);
          }
        }
        const response = await fetch(button.dataset.passkeyOptions,
            {method: 'POST', body, credentials: 'same-origin'});
        if (!response.ok) {
          throw new Error('options ' + response.status);
        }
        const options = PublicKeyCredential.parseRequestOptionsFromJSON(await response.json());
        const credential = await navigator.credentials.get({publicKey: options});
        form.elements.namedItem('credential').value = JSON.stringify(credential.toJSON());
        form.submit();
      } catch (error) {
        show(form, (error && error.name === 'NotAllowedError')
            ? 'The passkey sign-in was cancelled or timed out.'
            : 'Signing in with a passkey did not work. Try again, or use the form above.');
        button.disabled = false;
      }
    });
  }
})();
