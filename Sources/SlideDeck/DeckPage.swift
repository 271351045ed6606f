/// The page's inline style and script: a fixed 1280×720 slide scaled to the
/// window, one slide at a time on screen and one per page in print.
enum DeckPage {
    static let style = """
        :root { --ink: #1d2330; --muted: #5b6475; --accent: #c0392b; --code: #f3f4f7; }
        * { box-sizing: border-box; }
        html, body { margin: 0; height: 100%; background: #2b2f38; overflow: hidden;
          font-family: -apple-system, "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: var(--ink); }
        .deck { position: absolute; left: 50%; top: 50%; width: 1280px; height: 720px;
          transform-origin: center center; transform: translate(-50%, -50%) scale(var(--scale, 1)); }
        .slide { display: none; position: absolute; inset: 0; background: #fff; overflow: hidden;
          padding: 48px 72px 64px; }
        .slide.current { display: block; }
        .content { height: 100%; overflow: hidden; font-size: 28px; line-height: 1.35; }
        h1 { font-size: 64px; margin: 0 0 24px; color: var(--accent); }
        h2 { font-size: 42px; margin: 0 0 24px; color: var(--accent); }
        h3 { font-size: 32px; margin: 16px 0 8px; }
        p { margin: 0 0 16px; }
        ul, ol { margin: 0 0 16px; padding-left: 36px; }
        li { margin: 4px 0; }
        code { font-family: "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.86em;
          background: var(--code); padding: 1px 5px; border-radius: 4px; }
        pre { background: var(--code); padding: 14px 18px; border-radius: 6px; margin: 0 0 16px;
          font-size: 21px; line-height: 1.3; overflow: hidden; }
        pre code { background: none; padding: 0; font-size: inherit; }
        table { border-collapse: collapse; font-size: 23px; margin: 0 0 16px; }
        th, td { border-bottom: 1px solid #d5d8de; padding: 5px 12px; text-align: left; vertical-align: top; }
        th { color: var(--muted); }
        blockquote { margin: 0 0 16px; padding-left: 20px; border-left: 4px solid var(--accent); color: var(--muted); }
        svg { max-width: 100%; max-height: 540px; display: block; margin: 0 auto; }
        img { max-width: 100%; max-height: 540px; }
        .title-slide .content { display: flex; flex-direction: column; justify-content: center; }
        .title-slide h1 { font-size: 76px; }
        .title-slide p { font-size: 34px; color: var(--muted); }
        footer { position: absolute; left: 72px; right: 72px; bottom: 20px; display: flex;
          justify-content: space-between; font-size: 16px; color: var(--muted); }
        .notes { display: none; }
        #notes-panel { display: none; position: fixed; left: 0; right: 0; bottom: 0; max-height: 40%;
          overflow: auto; background: #fffbe6; border-top: 3px solid #e0b000; padding: 8px 24px;
          font-size: 18px; z-index: 2; }
        body.show-notes #notes-panel { display: block; }
        @page { size: 1280px 720px; margin: 0; }
        @media print {
          html, body { background: #fff; overflow: visible; height: auto; }
          .deck { position: static; transform: none; width: auto; height: auto; }
          .slide { display: block; position: relative; width: 1280px; height: 720px;
            break-after: page; page-break-after: always; }
          #notes-panel, body.show-notes #notes-panel { display: none; }
        }
        """

    static let script = """
        (function () {
          const slides = Array.from(document.querySelectorAll('section.slide'));
          const panel = document.getElementById('notes-panel');
          let current = 0;
          function indexFor(hash) {
            const name = decodeURIComponent(hash.replace(/^#/, ''));
            if (/^[0-9]+$/.test(name)) return Math.min(Math.max(parseInt(name, 10), 1), slides.length) - 1;
            const found = slides.findIndex(function (s) { return s.id === name; });
            return found < 0 ? 0 : found;
          }
          function show(index) {
            current = Math.max(0, Math.min(slides.length - 1, index));
            slides.forEach(function (s, i) { s.classList.toggle('current', i === current); });
            const notes = slides[current].querySelector('.notes');
            panel.innerHTML = notes ? notes.innerHTML : '<p>(no notes for this slide)</p>';
            const hash = '#' + (current + 1);
            if (location.hash !== hash) history.replaceState(null, '', hash);
          }
          function fit() {
            const scale = Math.min(window.innerWidth / 1280, window.innerHeight / 720);
            document.documentElement.style.setProperty('--scale', String(scale));
          }
          document.addEventListener('keydown', function (event) {
            if (event.altKey || event.ctrlKey || event.metaKey) return;
            switch (event.key) {
              case 'ArrowRight': case 'ArrowDown': case 'PageDown': case ' ': case 'Enter': show(current + 1); break;
              case 'ArrowLeft': case 'ArrowUp': case 'PageUp': case 'Backspace': show(current - 1); break;
              case 'Home': show(0); break;
              case 'End': show(slides.length - 1); break;
              case 'n': case 'N': document.body.classList.toggle('show-notes'); break;
              default: return;
            }
            event.preventDefault();
          });
          window.addEventListener('hashchange', function () { show(indexFor(location.hash)); });
          window.addEventListener('resize', fit);
          fit();
          show(indexFor(location.hash));
        })();
        """
}
