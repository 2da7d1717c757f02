package serviceaccount

import (
	"fmt"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/sets"
)

// enforceMountableSecretsAnnotation on a service account restricts its pods to the secrets it lists.
const enforceMountableSecretsAnnotation = "kubernetes.io/enforce-mountable-secrets"

func enforcesMountableSecrets(account *corev1.ServiceAccount) bool {
	enforce, _ := strconv.ParseBool(account.Annotations[enforceMountableSecretsAnnotation])
	return enforce
}

// checkSecretReferences refuses secret volumes, secret environment variables and image pull
// secrets that the account does not list, in kube-apiserver's order and words.
func checkSecretReferences(account *corev1.ServiceAccount, pod *corev1.Pod) error {
	mountable := mountableSecrets(account)
	for _, v := range pod.Spec.Volumes {
		if v.Secret != nil && !mountable.Has(v.Secret.SecretName) {
			return fmt.Errorf("volume with secret.secretName=\"%s\" is not allowed because service account %s does not reference that secret", v.Secret.SecretName, account.Name)
		}
	}
	for _, c := range pod.Spec.InitContainers {
		if err := checkEnvSecrets(account, mountable, "init container", c.Name, c.Env, c.EnvFrom); err != nil {
			return err
		}
	}
	for _, c := range pod.Spec.Containers {
		if err := checkEnvSecrets(account, mountable, "container", c.Name, c.Env, c.EnvFrom); err != nil {
			return err
		}
	}
	pullSecrets := sets.New[string]()
	for _, s := range account.ImagePullSecrets {
		pullSecrets.Insert(s.Name)
	}
	for i, s := range pod.Spec.ImagePullSecrets {
		if !pullSecrets.Has(s.Name) {
			return fmt.Errorf(`imagePullSecrets[%d].name="%s" is not allowed because service account %s does not reference that imagePullSecret`, i, s.Name, account.Name)
		}
	}
	return nil
}

// checkEphemeralSecretReferences is checkSecretReferences for the ephemeral containers an
// ephemeralcontainers update adds.
func checkEphemeralSecretReferences(account *corev1.ServiceAccount, pod *corev1.Pod) error {
	mountable := mountableSecrets(account)
	for _, c := range pod.Spec.EphemeralContainers {
		if err := checkEnvSecrets(account, mountable, "ephemeral container", c.Name, c.Env, c.EnvFrom); err != nil {
			return err
		}
	}
	return nil
}

func mountableSecrets(account *corev1.ServiceAccount) sets.Set[string] {
	names := sets.New[string]()
	for _, s := range account.Secrets {
		names.Insert(s.Name)
	}
	return names
}

func checkEnvSecrets(account *corev1.ServiceAccount, mountable sets.Set[string], kind, name string, env []corev1.EnvVar, envFrom []corev1.EnvFromSource) error {
	for _, e := range env {
		if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil && !mountable.Has(e.ValueFrom.SecretKeyRef.Name) {
			return fmt.Errorf("%s %s with envVar %s referencing secret.secretName=\"%s\" is not allowed because service account %s does not reference that secret", kind, name, e.Name, e.ValueFrom.SecretKeyRef.Name, account.Name)
		}
	}
	for _, e := range envFrom {
		if e.SecretRef != nil && !mountable.Has(e.SecretRef.Name) {
			return fmt.Errorf("%s %s with envFrom referencing secret.secretName=\"%s\" is not allowed because service account %s does not reference that secret", kind, name, e.SecretRef.Name, account.Name)
		}
	}
	return nil
}
