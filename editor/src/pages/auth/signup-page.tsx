import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useSessionChanged } from '../../api/session';
import { AuthCard, Field, text } from './auth-form';

/** A new workspace (tenant) and its first owner. */
export default function SignupPage() {
  const navigate = useNavigate();
  const sessionChanged = useSessionChanged();
  const signUp = useMutation({
    mutationFn: (form: FormData) =>
      api.auth.signUp.mutate({
        displayName: text(form, 'displayName'),
        email: text(form, 'email'),
        password: String(form.get('password')),
        tenantName: text(form, 'tenantName'),
        tenantSlug: text(form, 'tenantSlug'),
      }),
    onSuccess: (me) => {
      sessionChanged(me);
      void navigate('/flows', { replace: true });
    },
  });
  return (
    <AuthCard
      title="Create a workspace"
      submitLabel="Create workspace"
      onSubmit={(form) => signUp.mutate(form)}
      pending={signUp.isPending}
      error={signUp.error}
      footer={
        <>
          Have an account? <Link to="/login">Log in</Link>
        </>
      }
    >
      <Field label="Your name" name="displayName" autoComplete="name" required />
      <Field label="Email" name="email" type="email" autoComplete="username" required />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={10}
        hint="At least 10 characters."
        required
      />
      <Field label="Workspace name" name="tenantName" autoComplete="organization" required />
      <Field
        label="Workspace address"
        name="tenantSlug"
        pattern="[a-z0-9][a-z0-9-]*"
        hint="Lowercase letters, digits and dashes; used in webhook URLs."
        required
      />
    </AuthCard>
  );
}
