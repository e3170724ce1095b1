export function NotFoundPage() {
  return (
    <section aria-labelledby="not-found-heading">
      <h1 id="not-found-heading">Page not found</h1>
      <p>
        Nothing lives at this address. <a href="/">Back to the products</a>.
      </p>
    </section>
  );
}
