package imagepolicywebhook

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	imagepolicyv1alpha1 "k8s.io/api/imagepolicy/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authentication/user"
)

func TestReadConfig(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       webhookConfig
		wantErr    string
	}{
		{name: "yaml", file: "imagePolicy:\n  kubeConfigFile: /k\n  allowTTL: 50\n  denyTTL: 10\n  retryBackoff: 200\n  defaultAllow: true\n",
			want: webhookConfig{KubeConfigFile: "/k", AllowTTL: 50 * time.Second, DenyTTL: 10 * time.Second, RetryBackoff: 200 * time.Millisecond, DefaultAllow: true}},
		{name: "json defaults", file: `{"imagePolicy":{"kubeConfigFile":"/k"}}`,
			want: webhookConfig{KubeConfigFile: "/k", AllowTTL: 5 * time.Minute, DenyTTL: 30 * time.Second, RetryBackoff: 500 * time.Millisecond}},
		{name: "caching off", file: `{"imagePolicy":{"kubeConfigFile":"/k","allowTTL":-1,"denyTTL":-1}}`,
			want: webhookConfig{KubeConfigFile: "/k", RetryBackoff: 500 * time.Millisecond}},
		{name: "ttl out of range", file: `{"imagePolicy":{"allowTTL":3600}}`, wantErr: "valid value is between 1s and 30m0s, got 1h0m0s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readConfig(strings.NewReader(tc.file))
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("error = %v, want %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("config = %+v, want %+v", got, tc.want)
			}
		})
	}
	if _, err := readConfig(nil); err == nil || err.Error() != "no config specified" {
		t.Errorf("no configuration: error = %v", err)
	}
}

// backend is an image policy webhook that refuses images from "evil/" and counts its calls.
type backend struct {
	calls   atomic.Int32
	reviews chan imagepolicyv1alpha1.ImageReview
}

func (b *backend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.calls.Add(1)
	var review imagepolicyv1alpha1.ImageReview
	if err := json.NewDecoder(r.Body).Decode(&review); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	select {
	case b.reviews <- review:
	default:
	}
	review.Status.Allowed = true
	for _, c := range review.Spec.Containers {
		if strings.HasPrefix(c.Image, "evil/") {
			review.Status = imagepolicyv1alpha1.ImageReviewStatus{Reason: "evil images are not allowed", AuditAnnotations: map[string]string{"verdict": "evil"}}
		}
	}
	_ = json.NewEncoder(w).Encode(review)
}

func kubeconfig(t *testing.T, server string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kubeconfig")
	data := fmt.Sprintf("apiVersion: v1\nkind: Config\nclusters:\n- name: images\n  cluster:\n    server: %s\nusers:\n- name: kapi\ncontexts:\n- name: images\n  context: {cluster: images, user: kapi}\ncurrent-context: images\n", server)
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// annotated records the audit annotations a plugin adds.
type annotated struct {
	admission.Attributes
	annotations map[string]string
}

func (a *annotated) AddAnnotation(key, value string) error {
	a.annotations[key] = value
	return nil
}

func podRequest(pod *corev1.Pod, sub string) *annotated {
	return &annotated{Attributes: admission.NewAttributesRecord(pod, nil, corev1.SchemeGroupVersion.WithKind("Pod"), pod.Namespace, pod.Name,
		corev1.SchemeGroupVersion.WithResource("pods"), sub, admission.Create, nil, false, &user.DefaultInfo{Name: "u"}), annotations: map[string]string{}}
}

func TestValidate(t *testing.T) {
	b := &backend{reviews: make(chan imagepolicyv1alpha1.ImageReview, 1)}
	server := httptest.NewServer(b)
	defer server.Close()
	p, err := newPlugin(webhookConfig{KubeConfigFile: kubeconfig(t, server.URL), AllowTTL: time.Minute, DenyTTL: time.Minute, RetryBackoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}

	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns", Annotations: map[string]string{"team.image-policy.k8s.io/ticket": "42", "other": "x"}},
		Spec: corev1.PodSpec{
			Containers:          []corev1.Container{{Name: "app", Image: "good/app"}},
			InitContainers:      []corev1.Container{{Name: "init", Image: "good/init"}},
			EphemeralContainers: []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon{Name: "debug", Image: "evil/debug"}}},
		},
	}
	if err := p.Validate(context.Background(), podRequest(pod, ""), nil); err != nil {
		t.Fatal(err)
	}
	want := imagepolicyv1alpha1.ImageReviewSpec{
		Containers:  []imagepolicyv1alpha1.ImageReviewContainerSpec{{Image: "good/app"}, {Image: "good/init"}},
		Annotations: map[string]string{"team.image-policy.k8s.io/ticket": "42"},
		Namespace:   "ns",
	}
	if diff := cmp.Diff(want, (<-b.reviews).Spec); diff != "" {
		t.Errorf("review (-want +got):\n%s", diff)
	}

	// The same pod again is decided from the cache.
	if err := p.Validate(context.Background(), podRequest(pod.DeepCopy(), ""), nil); err != nil {
		t.Fatal(err)
	}
	if n := b.calls.Load(); n != 1 {
		t.Errorf("webhook called %d times, want 1", n)
	}

	attrs := podRequest(pod, "ephemeralcontainers")
	err = p.Validate(context.Background(), attrs, nil)
	if want := `pods "p" is forbidden: image policy webhook backend denied one or more images: evil images are not allowed`; err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %s", err, want)
	}
	if attrs.annotations[AuditKeyPrefix+"verdict"] != "evil" {
		t.Errorf("audit annotations = %v, want the webhook's verdict", attrs.annotations)
	}
}

func TestValidateWebhookDown(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "broken", http.StatusInternalServerError)
	}))
	defer server.Close()
	for _, defaultAllow := range []bool{false, true} {
		t.Run(fmt.Sprint("defaultAllow=", defaultAllow), func(t *testing.T) {
			p, err := newPlugin(webhookConfig{KubeConfigFile: kubeconfig(t, server.URL), RetryBackoff: time.Millisecond, DefaultAllow: defaultAllow})
			if err != nil {
				t.Fatal(err)
			}
			pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}, Spec: corev1.PodSpec{Containers: []corev1.Container{{Image: "i"}}}}
			attrs := podRequest(pod, "")
			err = p.Validate(context.Background(), attrs, nil)
			if !defaultAllow {
				if err == nil || !strings.HasPrefix(err.Error(), `pods "p" is forbidden: `) {
					t.Fatalf("error = %v, want a refusal", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if attrs.annotations[AuditKeyPrefix+"failed-open"] != "true" {
				t.Errorf("audit annotations = %v, want failed-open", attrs.annotations)
			}
		})
	}
}
