package serviceaccount

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
)

// newTestPlugin returns the plugin over accounts, whose informer has synced.
func newTestPlugin(t *testing.T, accounts ...*corev1.ServiceAccount) *plugin {
	t.Helper()
	client := fake.NewClientset()
	factory := informers.NewSharedInformerFactory(client, 0)
	p := newPlugin()
	p.SetExternalKubeClientSet(client)
	p.SetExternalKubeInformerFactory(factory)
	for _, a := range accounts {
		if err := factory.Core().V1().ServiceAccounts().Informer().GetStore().Add(a); err != nil {
			t.Fatal(err)
		}
	}
	p.generateVolume = func(prefix string) string { return prefix + "abcde" }
	if err := p.ValidateInitialization(); err != nil {
		t.Fatal(err)
	}
	return p
}

func account(name string, mutate ...func(*corev1.ServiceAccount)) *corev1.ServiceAccount {
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns"}}
	for _, m := range mutate {
		m(sa)
	}
	return sa
}

func pod(mutate ...func(*corev1.Pod)) *corev1.Pod {
	p := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "c"}}},
	}
	for _, m := range mutate {
		m(p)
	}
	return p
}

var tokenMount = corev1.VolumeMount{Name: "kube-api-access-abcde", ReadOnly: true, MountPath: MountPath}

func TestAdmit(t *testing.T) {
	for _, tc := range []struct {
		name         string
		accounts     []*corev1.ServiceAccount
		pod          *corev1.Pod
		wantErr      string
		wantAccount  string
		wantVolumes  int
		wantMounts   []corev1.VolumeMount
		wantPullRefs []corev1.LocalObjectReference
	}{{
		name:        "default account, token mounted",
		accounts:    []*corev1.ServiceAccount{account("default")},
		pod:         pod(),
		wantAccount: "default", wantVolumes: 1, wantMounts: []corev1.VolumeMount{tokenMount},
	}, {
		name:    "missing default account",
		pod:     pod(),
		wantErr: `pods "p" is forbidden: error looking up service account ns/default: serviceaccount "default" not found`,
	}, {
		name:    "missing named account",
		pod:     pod(func(p *corev1.Pod) { p.Spec.ServiceAccountName = "robot" }),
		wantErr: `pods "p" is forbidden: error looking up service account ns/robot: serviceaccount "robot" not found`,
	}, {
		name:        "account turns automount off",
		accounts:    []*corev1.ServiceAccount{account("default", func(sa *corev1.ServiceAccount) { sa.AutomountServiceAccountToken = ptr.To(false) })},
		pod:         pod(),
		wantAccount: "default",
	}, {
		name:        "pod turns automount on over the account",
		accounts:    []*corev1.ServiceAccount{account("default", func(sa *corev1.ServiceAccount) { sa.AutomountServiceAccountToken = ptr.To(false) })},
		pod:         pod(func(p *corev1.Pod) { p.Spec.AutomountServiceAccountToken = ptr.To(true) }),
		wantAccount: "default", wantVolumes: 1, wantMounts: []corev1.VolumeMount{tokenMount},
	}, {
		name:     "existing mount at the path is kept and no volume added",
		accounts: []*corev1.ServiceAccount{account("default")},
		pod: pod(func(p *corev1.Pod) {
			p.Spec.Containers[0].VolumeMounts = []corev1.VolumeMount{{Name: "mine", MountPath: MountPath}}
		}),
		wantAccount: "default", wantMounts: []corev1.VolumeMount{{Name: "mine", MountPath: MountPath}},
	}, {
		name: "image pull secrets copied from the account",
		accounts: []*corev1.ServiceAccount{account("default", func(sa *corev1.ServiceAccount) {
			sa.ImagePullSecrets = []corev1.LocalObjectReference{{Name: "registry"}}
		})},
		pod:          pod(func(p *corev1.Pod) { p.Spec.AutomountServiceAccountToken = ptr.To(false) }),
		wantAccount:  "default",
		wantPullRefs: []corev1.LocalObjectReference{{Name: "registry"}},
	}, {
		name: "mountable secrets enforced",
		accounts: []*corev1.ServiceAccount{account("default", func(sa *corev1.ServiceAccount) {
			sa.Annotations = map[string]string{enforceMountableSecretsAnnotation: "true"}
		})},
		pod: pod(func(p *corev1.Pod) {
			p.Spec.Containers[0].Env = []corev1.EnvVar{{Name: "PW", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "db"}, Key: "pw"}}}}
		}),
		wantErr: `pods "p" is forbidden: container c with envVar PW referencing secret.secretName="db" is not allowed because service account default does not reference that secret`,
	}, {
		name: "mirror pod with a service account",
		pod: pod(func(p *corev1.Pod) {
			p.Annotations = map[string]string{corev1.MirrorPodAnnotationKey: "x"}
			p.Spec.ServiceAccountName = "default"
		}),
		wantErr: `pods "p" is forbidden: a mirror pod may not reference service accounts`,
	}, {
		name: "mirror pod with a secret",
		pod: pod(func(p *corev1.Pod) {
			p.Annotations = map[string]string{corev1.MirrorPodAnnotationKey: "x"}
			p.Spec.Volumes = []corev1.Volume{{Name: "s", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "s"}}}}
		}),
		wantErr: `pods "p" is forbidden: a mirror pod may not reference secrets`,
	}, {
		name: "plain mirror pod is left alone",
		pod:  pod(func(p *corev1.Pod) { p.Annotations = map[string]string{corev1.MirrorPodAnnotationKey: "x"} }),
	}} {
		t.Run(tc.name, func(t *testing.T) {
			p := newTestPlugin(t, tc.accounts...)
			err := p.Admit(context.Background(), admissiontest.CreatePod(tc.pod), nil)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("err = %v, want %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.pod.Spec.ServiceAccountName != tc.wantAccount || tc.pod.Spec.DeprecatedServiceAccount != tc.wantAccount {
				t.Errorf("account = %q/%q, want %q", tc.pod.Spec.ServiceAccountName, tc.pod.Spec.DeprecatedServiceAccount, tc.wantAccount)
			}
			if len(tc.pod.Spec.Volumes) != tc.wantVolumes {
				t.Errorf("volumes = %+v, want %d", tc.pod.Spec.Volumes, tc.wantVolumes)
			}
			if diff := cmp.Diff(tc.wantMounts, tc.pod.Spec.Containers[0].VolumeMounts); diff != "" {
				t.Errorf("mounts (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantPullRefs, tc.pod.Spec.ImagePullSecrets); diff != "" {
				t.Errorf("imagePullSecrets (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateEphemeralContainers(t *testing.T) {
	strict := account("default", func(sa *corev1.ServiceAccount) {
		sa.Annotations = map[string]string{enforceMountableSecretsAnnotation: "true"}
	})
	p := newTestPlugin(t, strict)
	updated := pod(func(p *corev1.Pod) {
		p.Spec.ServiceAccountName = "default"
		p.Spec.EphemeralContainers = []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon{
			Name:    "debug",
			EnvFrom: []corev1.EnvFromSource{{SecretRef: &corev1.SecretEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "db"}}}},
		}}}
	})
	a := admissiontest.Request{Object: updated, Old: pod(), Namespace: "ns", Name: "p", Subresource: "ephemeralcontainers", Operation: "UPDATE"}.Attributes()
	err := p.Validate(context.Background(), a, nil)
	want := `pods "p" is forbidden: ephemeral container debug with envFrom referencing secret.secretName="db" is not allowed because service account default does not reference that secret`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
}
