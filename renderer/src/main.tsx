import { render } from 'preact';

function App() {
  return (
    <main>
      <h1>Kubeward</h1>
      <p>
        Run <code>kubeward check</code> in a terminal for a full diagnosis; the overview window arrives with the desktop
        app.
      </p>
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
