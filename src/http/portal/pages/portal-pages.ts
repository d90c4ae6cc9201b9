import type { Grant } from '../../../core/access/grant-view.ts';
import type { Contact } from '../../../core/contacts/contact-view.ts';
import { html, type Markup } from './html.ts';
import { notice } from './layout.ts';

export type ListedSection = 'courses' | 'communities' | 'affiliates';

export const sectionTitles: Record<ListedSection, string> = {
  courses: 'Courses',
  communities: 'Communities',
  affiliates: 'Affiliate area',
};
const kindOf: Record<ListedSection, Grant['kind']> = {
  courses: 'course',
  communities: 'community',
  affiliates: 'affiliate',
};

export function grantsIn(grants: Grant[], section: ListedSection): Grant[] {
  return grants.filter((grant) => grant.kind === kindOf[section]);
}

export function homeBody(options: { contact: Contact; grants: Grant[] }): Markup {
  const { contact, grants } = options;
  const name = contact.firstName ?? contact.email ?? contact.phone ?? '';
  const line = (section: ListedSection) => {
    const count = grantsIn(grants, section).length;
    const state =
      section === 'affiliates'
        ? count > 0
          ? 'you are in'
          : 'no access yet'
        : count > 0
          ? `${count} available`
          : 'no access yet';
    return html`<li><a href="/portal/${section}">${sectionTitles[section]}</a> <span class="muted">· ${state}</span></li>`;
  };
  return html`<h1>Welcome${name ? html`, ${name}` : ''}</h1>
${contact.hasPassword ? '' : notice(html`You signed in without a password. <a href="/portal/password">Set a password</a> to sign in any time without waiting for an email.`)}
<ul class="items">
${line('courses')}
${line('communities')}
${line('affiliates')}
</ul>
${contact.hasPassword ? html`<p><a href="/portal/password">Change your password</a></p>` : ''}`;
}

export function sectionBody(options: {
  section: ListedSection;
  grants: Grant[] /** grant id → where it really lives */;
  urls?: Map<string, string>;
}): Markup {
  const items = grantsIn(options.grants, options.section);
  const title = sectionTitles[options.section];
  if (items.length === 0) {
    return html`<h1>${title}</h1>
<p>You have no access to this yet. When you are given access, it will appear here.</p>
<p><a href="/portal">Back to your portal</a></p>`;
  }
  if (options.section === 'affiliates') {
    return html`<h1>${title}</h1><p>You are part of the affiliate program.</p><p><a href="/portal">Back to your portal</a></p>`;
  }
  return html`<h1>${title}</h1>
<ul class="items">
${items.map((grant) => html`<li><a href="${options.urls?.get(grant.id) ?? `/portal/${options.section}/${encodeURIComponent(grant.resourceId)}`}">${grant.resourceName}</a></li>`)}
</ul>
<p><a href="/portal">Back to your portal</a></p>`;
}

export function resourceBody(options: { section: ListedSection; grant: Grant | undefined; url?: string }): Markup {
  const back = html`<p><a href="/portal/${options.section}">All ${sectionTitles[options.section].toLowerCase()}</a></p>`;
  if (!options.grant)
    return html`<h1>You have no access to this yet</h1><p>When you are given access, it will open here.</p>${back}`;
  return html`<h1>${options.grant.resourceName}</h1>
<p>You have access to this ${options.section === 'courses' ? 'course' : 'community'} since ${options.grant.grantedAt.toISOString().slice(0, 10)}.</p>
${options.url ? html`<p><a class="button" href="${options.url}">Open ${options.grant.resourceName}</a></p>` : ''}
${back}`;
}
