/**
 * Everything a message's text is made from, as plain data: the template as it
 * was, the account's and contact's fields, and the ids of the links it
 * carries (tokens and codes are derived from the ids with the link key, never
 * stored). Made once, at the message's first send
 * (prepare-send-group.ts), and kept in Message.payload.render, so that every
 * retry renders a byte-identical request even if the template, the contact or
 * the account changed meanwhile. Rendering (src/delivery/render-message.ts)
 * is a pure function of this.
 */
export interface RenderInput {
  channel: 'email' | 'sms';
  template: { subject?: string; body: string };
  /**
   * `siteUrl`: where the account's portal is served (src/core/accounts/portal-site-url.ts), the
   * base of its links; absent in messages prepared before accounts had their own portals (PUBLIC_URL then).
   */
  portal: { name: string; url: string; siteUrl?: string };
  /** The account's own sender; null: the service's EMAIL_FROM or Twilio default. */
  from: string | null;
  /** The account's reply-to address (settings), for email. */
  replyTo?: string;
  /** A template test (/portal templates): rendered with sample links that sign nobody in, marked [test]. */
  sample?: true;
  to: string;
  contact: { first_name: string; last_name: string; email: string };
  /** Login-link merge fields (`portal.login_url`, `portal.login_url_courses`…) and the link each opens. */
  loginLinks: Record<string, string>;
  /** The link whose 6-digit code `{{portal.login_code}}` shows. */
  codeLinkId?: string;
  /** Password reset messages: the reset link. */
  resetLinkId?: string;
  /** Link id -> id of the link key it was minted with (src/core/links/link-keys.ts); absent: the current key. */
  linkKeyIds?: Record<string, string>;
  /** The link's lifetime as set when it was made (not time left: that would change between attempts). */
  expiresInMinutes?: number;
  /** `granted`: what an invitation grants, in words (`the course “Intro to SEO”`); empty otherwise. */
  access: { resource_name: string; section: string; granted?: string };
}
