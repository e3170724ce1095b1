import { useEffect } from 'preact/hooks';
import { api, call } from '../../api/client.js';
import { ProblemMessage } from '../../kit/problem-message.js';
import { useLoad } from '../../kit/use-load.js';
import { ModuleMap } from '../module-map.js';

/** How often the figures are read again while the page is open. */
const REFRESH_MS = 3_000;

/** Every module: where it runs, whether it answers, what waits in its outbox, what fails in its inbox. */
export function ModulesPage() {
  const overview = useLoad(() => call(() => api.GET('/api/admin/modules')), []);
  useEffect(() => {
    const timer = setInterval(overview.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [overview.reload]);
  const modules = overview.data?.modules ?? [];
  return (
    <section aria-labelledby="modules-heading">
      <h1 id="modules-heading">Modules</h1>
      <ProblemMessage error={overview.error} />
      {overview.data && <p class="meta">Answered by a process running release {overview.data.version}.</p>}
      {modules.length > 0 && <ModuleMap modules={modules} />}
      <div class="table-scroll">
        <table class="modules">
          <caption class="visually-hidden">Modules and their messaging</caption>
          <thead>
            <tr>
              <th scope="col">Module</th>
              <th scope="col">Runs</th>
              <th scope="col">Health</th>
              <th scope="col">Version</th>
              <th scope="col">Outbox backlog</th>
              <th scope="col">Delivery lag</th>
              <th scope="col">Retrying</th>
              <th scope="col">Dead letters</th>
              <th scope="col">Calls</th>
            </tr>
          </thead>
          <tbody>
            {modules.map((module) => (
              <tr key={module.name} data-module={module.name}>
                <th scope="row">
                  {module.name}
                  <span class="description">{module.description}</span>
                </th>
                <td data-column="runs">
                  {module.runs}
                  {module.url && <span class="description">{module.url}</span>}
                </td>
                <td data-column="health" class={`health-${module.health}`}>
                  {module.health}
                  {module.problem && <span class="description">{module.problem}</span>}
                </td>
                <td>{module.version ?? '—'}</td>
                <td>{module.messaging?.outboxBacklog ?? '—'}</td>
                <td>{module.messaging ? `${module.messaging.deliveryLagSeconds.toFixed(1)} s` : '—'}</td>
                <td>{module.messaging?.retrying ?? '—'}</td>
                <td>
                  {module.messaging ? (
                    module.messaging.deadLetters > 0 ? (
                      <a href="/console/dead-letters">{module.messaging.deadLetters}</a>
                    ) : (
                      0
                    )
                  ) : (
                    '—'
                  )}
                </td>
                <td>{module.dependsOn.join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Events</h2>
      <ul class="event-flows">
        {modules.map((module) => (
          <li key={module.name}>
            <strong>{module.name}</strong> publishes {module.publishes.join(', ') || 'nothing'}; consumes{' '}
            {module.consumes.join(', ') || 'nothing'}.
          </li>
        ))}
      </ul>
    </section>
  );
}
