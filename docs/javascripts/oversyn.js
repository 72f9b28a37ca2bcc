// Shows the routine's review notice (the theme's announcement bar) once its date has passed.
// The site is built once and served for months: the build writes the notice hidden while the
// date is ahead (overrides/main.html, from policy.yaml's meta.review_by), and this shows it
// when the day comes.
{
  const notice = document.querySelector(".oversyn[data-review-by]");
  if (notice && new Date().toISOString().slice(0, 10) > notice.dataset.reviewBy) notice.hidden = false;
}
