package envtest

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	"sigs.k8s.io/controller-runtime/pkg/webhook"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

// configMapCreates are the requests the example webhooks see: creates of ConfigMaps carrying the
// label envtest-webhook=value.
func configMapCreates(value string) ([]admissionregistrationv1.RuleWithOperations, *metav1.LabelSelector) {
	return []admissionregistrationv1.RuleWithOperations{{
		Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create},
		Rule:       admissionregistrationv1.Rule{APIGroups: []string{""}, APIVersions: []string{"v1"}, Resources: []string{"configmaps"}},
	}}, &metav1.LabelSelector{MatchLabels: map[string]string{"envtest-webhook": value}}
}

// TestEnvtestWebhooks installs a validating and a mutating webhook with envtest's
// WebhookInstallOptions, which point them at a local controller-runtime webhook server, and shows
// kapi calling both.
func TestEnvtestWebhooks(t *testing.T) {
	assets := kubebuilderAssets(t)
	denyRules, denySelector := configMapCreates("deny")
	mutateRules, mutateSelector := configMapCreates("mutate")
	none := admissionregistrationv1.SideEffectClassNone
	// envtest rewrites each service reference into the URL of its local server, with its CA.
	service := func(path string) admissionregistrationv1.WebhookClientConfig {
		return admissionregistrationv1.WebhookClientConfig{Service: &admissionregistrationv1.ServiceReference{Namespace: "system", Name: "webhook-service", Path: &path}}
	}
	env := &envtest.Environment{
		BinaryAssetsDirectory: assets,
		WebhookInstallOptions: envtest.WebhookInstallOptions{
			ValidatingWebhooks: []*admissionregistrationv1.ValidatingWebhookConfiguration{{
				ObjectMeta: metav1.ObjectMeta{Name: "deny"},
				Webhooks: []admissionregistrationv1.ValidatingWebhook{{
					Name: "deny.envtest.kapi.dev", ClientConfig: service("/validate"), Rules: denyRules, ObjectSelector: denySelector,
					SideEffects: &none, AdmissionReviewVersions: []string{"v1"},
				}},
			}},
			MutatingWebhooks: []*admissionregistrationv1.MutatingWebhookConfiguration{{
				ObjectMeta: metav1.ObjectMeta{Name: "mutate"},
				Webhooks: []admissionregistrationv1.MutatingWebhook{{
					Name: "mutate.envtest.kapi.dev", ClientConfig: service("/mutate"), Rules: mutateRules, ObjectSelector: mutateSelector,
					SideEffects: &none, AdmissionReviewVersions: []string{"v1"},
				}},
			}},
		},
	}
	if _, err := env.Start(); err != nil {
		t.Fatalf("starting envtest: %v", err)
	}
	t.Cleanup(func() {
		if err := env.Stop(); err != nil {
			t.Errorf("stopping envtest: %v", err)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	opts := env.WebhookInstallOptions
	server := webhook.NewServer(webhook.Options{Host: opts.LocalServingHost, Port: opts.LocalServingPort, CertDir: opts.LocalServingCertDir})
	server.Register("/validate", &webhook.Admission{Handler: admission.HandlerFunc(func(context.Context, admission.Request) admission.Response {
		return admission.Denied("envtest says no")
	})})
	server.Register("/mutate", &webhook.Admission{Handler: admission.HandlerFunc(labelMutated)})
	serverCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- server.Start(serverCtx) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("webhook server: %v", err)
		}
	})

	client, err := kubernetes.NewForConfig(env.Config)
	if err != nil {
		t.Fatal(err)
	}
	configMaps := client.CoreV1().ConfigMaps("default")
	// The webhook server may still be starting, and kapi learns of the configurations through
	// informers: retry until the webhooks answer.
	var denied error
	err = wait.PollUntilContextCancel(ctx, 100*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		cm, err := configMaps.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{GenerateName: "denied-", Labels: map[string]string{"envtest-webhook": "deny"}}}, metav1.CreateOptions{})
		if err == nil {
			_ = configMaps.Delete(ctx, cm.Name, metav1.DeleteOptions{})
		}
		denied = err
		return apierrors.IsForbidden(err), nil
	})
	want := `admission webhook "deny.envtest.kapi.dev" denied the request: envtest says no`
	if err != nil || denied.Error() != want {
		t.Fatalf("create with the deny label: %v, want 403 %q", denied, want)
	}

	var mutated *corev1.ConfigMap
	err = wait.PollUntilContextCancel(ctx, 100*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		var err error
		mutated, err = configMaps.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{GenerateName: "mutated-", Labels: map[string]string{"envtest-webhook": "mutate"}}}, metav1.CreateOptions{})
		return err == nil && mutated.Labels["mutated"] == "yes", nil
	})
	if err != nil {
		t.Fatalf("create with the mutate label: %+v, want the label mutated=yes", mutated)
	}
}

// labelMutated adds the label mutated=yes to the ConfigMap under admission.
func labelMutated(_ context.Context, req admission.Request) admission.Response {
	cm := &corev1.ConfigMap{}
	if err := json.Unmarshal(req.Object.Raw, cm); err != nil {
		return admission.Errored(http.StatusBadRequest, err)
	}
	if cm.Labels == nil {
		return admission.Errored(http.StatusBadRequest, errors.New("the webhook only sees labelled ConfigMaps"))
	}
	cm.Labels["mutated"] = "yes"
	raw, err := json.Marshal(cm)
	if err != nil {
		return admission.Errored(http.StatusInternalServerError, err)
	}
	return admission.PatchResponseFromRaw(req.Object.Raw, raw)
}
