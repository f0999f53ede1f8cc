/* A seven-minute briefing: the date it is printed, filled in on the page (without JavaScript a blank line
   stays for a pen). Nothing typed into the record of use is kept or sent: it lives only in the page. */
(() => {
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

  /** Today in words, as the rest of the site writes dates: 7 December 2026. */
  function today() {
    const now = new Date();
    return `${now.getDate()} ${MONTHS[now.getMonth()]} ${now.getFullYear()}`;
  }

  function stamp() {
    for (const place of document.querySelectorAll("[data-portal-printed]")) place.textContent = `on ${today()}`;
  }

  stamp();
  addEventListener("beforeprint", stamp);
})();
