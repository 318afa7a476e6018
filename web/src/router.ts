// Routes: the console under /, the public portal under /portal (no sign-in).
import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';

import { isAdmin, isOfficial, loadSession, session } from './session';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
    { path: '/password', name: 'password', component: () => import('./views/PasswordView.vue') },
    { path: '/security', name: 'security', component: () => import('./views/SecurityView.vue') },
    {
      path: '/portal',
      component: () => import('./portal/PortalLayout.vue'),
      meta: { public: true },
      children: [
        { path: '', name: 'portal', component: () => import('./portal/PortalHome.vue'), meta: { public: true } },
        { path: 'entities/:uscc', name: 'portal-entity', component: () => import('./portal/PortalEntity.vue'), meta: { public: true } },
        { path: 'results', name: 'portal-results', component: () => import('./portal/PortalResults.vue'), meta: { public: true } },
        { path: 'credit', name: 'portal-credit', component: () => import('./portal/PortalCredit.vue'), meta: { public: true } },
        { path: 'complaints', name: 'portal-complaints', component: () => import('./portal/PortalComplaint.vue'), meta: { public: true } },
        { path: 'trace', name: 'portal-trace', component: () => import('./portal/PortalTrace.vue'), meta: { public: true } },
        {
          path: 'draws/:id',
          name: 'portal-draw',
          component: () => import('./views/inspection/DrawView.vue'),
          props: { portal: true },
          meta: { public: true },
        },
      ],
    },
    {
      path: '/',
      component: () => import('./views/ConsoleLayout.vue'),
      children: [
        { path: '', name: 'workbench', component: () => import('./views/WorkbenchView.vue') },
        { path: 'overview', name: 'dashboard', component: () => import('./views/DashboardView.vue') },
        { path: 'entities', name: 'entities', component: () => import('./views/EntitySearchView.vue') },
        { path: 'entities/:uscc', name: 'entity', component: () => import('./views/EntityFileView.vue') },
        { path: 'products', name: 'products', component: () => import('./views/ProductsView.vue') },
        { path: 'products/:code', name: 'product', component: () => import('./views/ProductView.vue') },
        { path: 'regions/:code?', name: 'regions', component: () => import('./views/RegionView.vue') },
        { path: 'catalogue', name: 'catalogue', component: () => import('./views/CatalogueView.vue') },
        { path: 'inspection/plans', name: 'spot-plans', component: () => import('./views/inspection/PlansView.vue'), meta: { official: true } },
        { path: 'inspection/plans/:id', name: 'spot-plan', component: () => import('./views/inspection/PlanView.vue'), meta: { official: true } },
        { path: 'inspection/draws/:id', name: 'spot-draw', component: () => import('./views/inspection/DrawView.vue'), meta: { official: true } },
        { path: 'inspection/tasks', name: 'spot-tasks', component: () => import('./views/inspection/TasksView.vue'), meta: { official: true } },
        { path: 'inspection/batches/:id', name: 'spot-batch', component: () => import('./views/inspection/BatchView.vue') },
        { path: 'inspection/follow-ups', name: 'spot-follow-ups', component: () => import('./views/inspection/FollowUpsView.vue'), meta: { official: true } },
        { path: 'inspection/pass-rates', name: 'spot-pass-rates', component: () => import('./views/inspection/PassRatesView.vue'), meta: { official: true } },
        { path: 'inspection/sampling-plan', name: 'sampling-plan', component: () => import('./views/inspection/SamplingPlanView.vue') },
        { path: 'trace', name: 'trace', component: () => import('./views/trace/TraceView.vue'), meta: { official: true } },
        { path: 'trace/events', name: 'trace-events', component: () => import('./views/trace/TraceEventsView.vue'), meta: { official: true } },
        { path: 'complaints', name: 'complaints', component: () => import('./views/complaint/ComplaintsView.vue'), meta: { official: true } },
        { path: 'complaints/:id', name: 'complaint', component: () => import('./views/complaint/ComplaintView.vue'), meta: { official: true } },
        { path: 'stats/evaluation', name: 'stats-evaluation', component: () => import('./views/stats/EvaluationView.vue'), meta: { official: true } },
        { path: 'stats/quality-report', name: 'stats-quality-report', component: () => import('./views/stats/QualityReportView.vue'), meta: { official: true } },
        { path: 'stats/reports', name: 'stats-reports', component: () => import('./views/stats/ReportsView.vue') },
        { path: 'credit/overview', name: 'credit-overview', component: () => import('./views/credit/CreditOverviewView.vue'), meta: { official: true } },
        { path: 'credit/lists', name: 'credit-lists', component: () => import('./views/credit/CreditListsView.vue'), meta: { official: true } },
        { path: 'credit/publications', name: 'credit-publications', component: () => import('./views/credit/PublicationsView.vue'), meta: { official: true } },
        { path: 'credit/objections', name: 'credit-objections', component: () => import('./views/credit/ObjectionsView.vue'), meta: { official: true } },
        { path: 'credit/repairs', name: 'credit-repairs', component: () => import('./views/credit/RepairsView.vue'), meta: { official: true } },
        { path: 'credit/import', name: 'credit-import', component: () => import('./views/credit/EventImportView.vue'), meta: { official: true } },
        { path: 'admin/users', name: 'admin-users', component: () => import('./views/AdminUsersView.vue'), meta: { admin: true } },
        { path: 'admin/audit', name: 'admin-audit', component: () => import('./views/AdminAuditView.vue'), meta: { admin: true } },
        { path: 'admin/api-keys', name: 'admin-api-keys', component: () => import('./views/AdminApiKeysView.vue'), meta: { admin: true } },
      ],
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

// The page's code is fetched while the session is asked for, not after (vue-router loads a lazy
// route's component only once the guards have run; a second import() is the same module).
function prefetch(to: RouteLocationNormalized): void {
  for (const record of to.matched) {
    const c = record.components?.default;
    if (typeof c === 'function') void (c as () => Promise<unknown>)().catch(() => undefined);
  }
}

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (!session.checked) prefetch(to);
  const signedIn = await loadSession();
  if (!signedIn) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  // After a one-time password the server answers nothing else until the password is changed.
  if (session.mustChangePassword && to.name !== 'password') return { name: 'password' };
  // An administrator without a second factor may only enrol one (the server refuses the rest).
  if (session.mustEnrolSecondFactor && to.name !== 'security' && to.name !== 'password') return { name: 'security' };
  if (to.meta.admin && !isAdmin()) return { name: 'dashboard' };
  if (to.meta.official && !isOfficial()) return { name: 'dashboard' };
  return true;
});
