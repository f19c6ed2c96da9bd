import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useSessionChanged } from '../../api/session';
import { AuthCard, Field, text } from './auth-form';

/** Where to go after signing in: only a path of this app, never another origin. */
export function nextPath(params: URLSearchParams): string {
  const next = params.get('next') ?? '';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/flows';
}

export default function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const sessionChanged = useSessionChanged();
  const login = useMutation({
    mutationFn: (form: FormData) =>
      api.auth.login.mutate({ email: text(form, 'email'), password: String(form.get('password')) }),
    onSuccess: (me) => {
      sessionChanged(me);
      void navigate(nextPath(params), { replace: true });
    },
  });
  return (
    <AuthCard
      title="Log in"
      submitLabel="Log in"
      onSubmit={(form) => login.mutate(form)}
      pending={login.isPending}
      error={login.error}
      footer={
        <>
          New here? <Link to="/signup">Create a workspace</Link>
        </>
      }
    >
      <Field label="Email" name="email" type="email" autoComplete="username" required />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
    </AuthCard>
  );
}
