package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"testing"

	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	apiregistrationv1 "k8s.io/kube-aggregator/pkg/apis/apiregistration/v1"
	aggregatorclient "k8s.io/kube-aggregator/pkg/client/clientset_generated/clientset"
)

// roundTripperFunc is a function as an http.RoundTripper.
type roundTripperFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f.
func (f roundTripperFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// isAvailable reports whether the APIService's Available condition is True.
func isAvailable(s *apiregistrationv1.APIService) bool {
	for _, c := range s.Status.Conditions {
		if c.Type == apiregistrationv1.Available {
			return c.Status == apiregistrationv1.ConditionTrue
		}
	}
	return false
}

// TestLocalAPIServices checks the APIServices the aggregator registers for kapi's own groups, with
// kube-apiserver's names and priorities, and for a CRD's group for as long as the CRD exists.
func TestLocalAPIServices(t *testing.T) {
	ctx := context.Background()
	apiServices := aggregatorclient.NewForConfigOrDie(server.ClientConfig).ApiregistrationV1().APIServices()
	for name, want := range map[string][2]int32{"v1.": {18000, 1}, "v1.apps": {17800, 15}, "v2.autoscaling": {17500, 30}, "v1.apiextensions.k8s.io": {16700, 15}} {
		var got *apiregistrationv1.APIService
		eventually(t, func() (err error) {
			got, err = apiServices.Get(ctx, name, metav1.GetOptions{})
			if err == nil && !isAvailable(got) {
				err = fmt.Errorf("APIService %s is not available: %v", name, got.Status.Conditions)
			}
			return err
		})
		if got.Spec.Service != nil || got.Spec.GroupPriorityMinimum != want[0] || got.Spec.VersionPriority != want[1] || got.Labels["kube-aggregator.kubernetes.io/automanaged"] != "onstart" {
			t.Errorf("APIService %s: service %v, priorities %d/%d, labels %v; want local, %d/%d, automanaged onstart",
				name, got.Spec.Service, got.Spec.GroupPriorityMinimum, got.Spec.VersionPriority, got.Labels, want[0], want[1])
		}
	}

	const gizmos = "v1.crypt.kapi.dev"
	createGizmoDefinition(t, ctx, server.ClientConfig)
	eventually(t, func() error {
		s, err := apiServices.Get(ctx, gizmos, metav1.GetOptions{})
		if err == nil && (s.Spec.GroupPriorityMinimum != 1000 || s.Spec.VersionPriority != 100 || s.Labels["kube-aggregator.kubernetes.io/automanaged"] != "true") {
			return fmt.Errorf("APIService %s = %+v %v", gizmos, s.Spec, s.Labels)
		}
		return err
	})
	if err := apiextensionsclient.NewForConfigOrDie(server.ClientConfig).ApiextensionsV1().CustomResourceDefinitions().Delete(ctx, "gizmos.crypt.kapi.dev", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() error {
		if _, err := apiServices.Get(ctx, gizmos, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
			return fmt.Errorf("APIService %s after its CRD was deleted: %v", gizmos, err)
		}
		return nil
	})
}

// TestFrontProxyIdentity checks what extension API servers rely on: the trust kapi publishes in
// kube-system/extension-apiserver-authentication, and that a request from the front proxy's client
// certificate is the user its headers name.
func TestFrontProxyIdentity(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	var data map[string]string
	eventually(t, func() error {
		cm, err := client.CoreV1().ConfigMaps(metav1.NamespaceSystem).Get(ctx, "extension-apiserver-authentication", metav1.GetOptions{})
		if err == nil {
			data = cm.Data
		}
		return err
	})
	for key, want := range map[string][]string{
		"requestheader-allowed-names":        {"front-proxy-client"},
		"requestheader-username-headers":     {"X-Remote-User"},
		"requestheader-group-headers":        {"X-Remote-Group"},
		"requestheader-extra-headers-prefix": {"X-Remote-Extra-"},
	} {
		var got []string
		if err := json.Unmarshal([]byte(data[key]), &got); err != nil || !slices.Equal(got, want) {
			t.Errorf("%s = %q, want %q", key, data[key], want)
		}
	}
	if data["client-ca-file"] == "" || data["requestheader-client-ca-file"] == "" || data["client-ca-file"] == data["requestheader-client-ca-file"] {
		t.Errorf("client-ca-file and requestheader-client-ca-file must both be set and differ")
	}

	pki := filepath.Join(server.DataDir, "pki")
	proxy := rest.AnonymousClientConfig(server.ClientConfig)
	proxy.CertFile = filepath.Join(pki, "front-proxy-client.crt")
	proxy.KeyFile = filepath.Join(pki, "front-proxy-client.key")
	proxy.WrapTransport = func(rt http.RoundTripper) http.RoundTripper {
		return roundTripperFunc(func(req *http.Request) (*http.Response, error) {
			req = req.Clone(req.Context())
			req.Header.Set("X-Remote-User", "dana")
			req.Header.Add("X-Remote-Group", "designers")
			req.Header.Set("X-Remote-Extra-Scopes", "read")
			return rt.RoundTrip(req)
		})
	}
	user, err := whoami(kubernetes.NewForConfigOrDie(proxy))
	if err != nil {
		t.Fatal(err)
	}
	if user.Username != "dana" || !slices.Equal(user.Groups, []string{"designers", "system:authenticated"}) || !slices.Equal(user.Extra["scopes"], []string{"read"}) {
		t.Errorf("front proxy's user = %+v, want dana in designers with scopes read", user)
	}

	// The admin's client certificate is not the front proxy's: its headers are not believed.
	admin := rest.CopyConfig(server.ClientConfig)
	admin.WrapTransport = proxy.WrapTransport
	if user, err := whoami(kubernetes.NewForConfigOrDie(admin)); err != nil || user.Username != "kubernetes-admin" {
		t.Errorf("admin certificate with request headers = %+v, %v; want kubernetes-admin", user, err)
	}
}
