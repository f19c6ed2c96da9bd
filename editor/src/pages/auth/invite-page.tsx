import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useSessionChanged } from '../../api/session';
import { AuthCard, Field, text } from './auth-form';

/**
 * Accepting an invite link. The token sits in the URL fragment, which browsers never send to a
 * server, so it reaches the API only in this request's body.
 */
export default function InvitePage() {
  const navigate = useNavigate();
  const sessionChanged = useSessionChanged();
  const token = window.location.hash.slice(1);
  const accept = useMutation({
    mutationFn: (form: FormData) =>
      api.auth.acceptInvite.mutate({
        token,
        password: String(form.get('password')),
        ...(text(form, 'displayName') ? { displayName: text(form, 'displayName') } : {}),
      }),
    onSuccess: (me) => {
      sessionChanged(me);
      void navigate('/flows', { replace: true });
    },
  });
  return (
    <AuthCard
      title="Join a workspace"
      submitLabel="Join"
      onSubmit={(form) => accept.mutate(form)}
      pending={accept.isPending}
      error={accept.error}
    >
      <p className="muted">
        New to BizOSaaS? Choose your name and a password. Already have an account? Enter its
        password.
      </p>
      <Field label="Your name" name="displayName" autoComplete="name" />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
      />
    </AuthCard>
  );
}
