// Every visible element's box on the meeting screen, scrollable areas that overflow, and measured
// type and contrast. Evaluated in the page by tests/browser/test_meeting_browser.py.
() => {
  const W = innerWidth, H = innerHeight;
  const visible = el => {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || parseFloat(cs.opacity) === 0) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const outside = [];
  for (const el of document.querySelectorAll('body *')) {
    // Plotly measures text in an off-screen <svg id="js-plotly-tester"> at -10000 px: not on screen
    if (!visible(el) || el.closest('#js-plotly-tester')) continue;
    const r = el.getBoundingClientRect();
    if (r.left < -1 || r.top < -1 || r.right > W + 1 || r.bottom > H + 1) {
      outside.push(`${el.tagName}.${String(el.className.baseVal ?? el.className).slice(0, 40)} `
                   + `[${Math.round(r.left)},${Math.round(r.top)},${Math.round(r.right)},${Math.round(r.bottom)}]`);
    }
  }
  const scrolling = [];
  const areas = [document.documentElement, document.body,
                 ...document.querySelectorAll('[data-testid="stApp"], [data-testid="stAppViewContainer"], '
                   + '[data-testid="stMain"], [data-testid="stMainBlockContainer"], .mtg-body')];
  for (const el of areas) {
    if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) {
      const cs = getComputedStyle(el);
      // overflow hidden clips instead of scrolling; any other value would show a scrollbar
      if (!(cs.overflowY === 'hidden' && cs.overflowX === 'hidden') || el === document.documentElement) {
        scrolling.push(`${el.tagName}#${el.dataset.testid || ''} ${el.scrollWidth}x${el.scrollHeight} > ${el.clientWidth}x${el.clientHeight}`);
      }
    }
  }
  const ownText = el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  // Text a card cuts off: a card clips what does not fit (overflow hidden), so text pushed past its
  // edge is silently lost. Single-line labels end in an ellipsis inside their own box and pass.
  const clipped = [];
  for (const card of document.querySelectorAll('.mtg-card, .mtg-rankrow, .mtg-barow')) {
    if (!visible(card)) continue;
    const c = card.getBoundingClientRect();
    for (const el of card.querySelectorAll('*')) {
      if (!visible(el) || !ownText(el)) continue;
      const r = el.getBoundingClientRect();
      // an inline number's box includes the font's descent below its digits: allow that much
      const slack = 1 + 0.15 * parseFloat(getComputedStyle(el).fontSize);
      const where = `${el.textContent.trim().slice(0, 20)} in ${card.textContent.trim().slice(0, 20)}`;
      if (r.top < c.top - slack || r.bottom > c.bottom + slack || r.left < c.left - 1 || r.right > c.right + 1) {
        clipped.push(`${where}: [${Math.round(r.top)}–${Math.round(r.bottom)}] outside [${Math.round(c.top)}–${Math.round(c.bottom)}]`);
      } else if (el.scrollHeight > el.clientHeight + 0.25 * parseFloat(getComputedStyle(el).fontSize)
                 && getComputedStyle(el).display !== 'inline') {
        // squeezed by its card: the box shrank below its text, which spills onto the next line (a few
        // px over is only the CJK font's ascent beyond a tight line-height, and shows nothing)
        clipped.push(`${where}: text ${el.scrollHeight} px high in a box of ${el.clientHeight} px`);
      }
    }
  }
  const px = sel => [...document.querySelectorAll(sel)].filter(el => visible(el) && ownText(el))
      .map(el => parseFloat(getComputedStyle(el).fontSize));
  const lum = rgb => {
    const c = rgb.match(/[\d.]+/g).slice(0, 3).map(v => { v = v / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const bg = getComputedStyle(e).backgroundColor;
      const alpha = bg.startsWith('rgba') ? parseFloat(bg.split(',')[3]) : 1;
      if (alpha > 0.5) return bg;
    }
    return 'rgb(255, 255, 255)';
  };
  let worst = {ratio: 99, text: ''};
  for (const el of document.querySelectorAll('.mtg-header *, .mtg-footer *, .mtg-slide-head *, .mtg-body *')) {
    if (!visible(el) || !ownText(el)) continue;
    const a = lum(getComputedStyle(el).color), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < worst.ratio) worst = {ratio, text: el.textContent.trim().slice(0, 30)};
  }
  const plotText = [...document.querySelectorAll('.js-plotly-plot text')]
      .filter(t => t.textContent.trim()).map(t => parseFloat(t.style.fontSize || getComputedStyle(t).fontSize));
  const min = xs => xs.length ? Math.min(...xs) : null;
  return {
    outside, scrolling, clipped,
    number_px: min(px('.mtg-num')),
    title_px: min(px('.mtg-slide-head h2')),
    header_title_px: min(px('.mtg-title')),
    label_px: min(px('.mtg-label')),
    smallest_text_px: min(px('.mtg-header *, .mtg-footer *, .mtg-slide-head *, .mtg-body *')),
    chart_text_px: min(plotText),
    worst_contrast: worst,
  };
}
