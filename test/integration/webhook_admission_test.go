package integration

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	admissionv1 "k8s.io/api/admission/v1"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	certutil "k8s.io/client-go/util/cert"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// webhookServiceHost is the name kube-apiserver verifies in the certificate of a webhook it reaches
// through the Service webhook/admreg-svc.
const webhookServiceHost = "webhook.admreg-svc.svc"

// webhookServer is an admission webhook on loopback. Its paths answer: /deny refuses with a message,
// /mutate adds the label mutated=yes, /slow answers after two seconds, /allow admits; /convert
// converts custom resources, annotating them converted=webhook.
type webhookServer struct {
	*httptest.Server
	caBundle []byte
}

func startWebhookServer(t *testing.T) *webhookServer {
	t.Helper()
	certPEM, keyPEM, err := certutil.GenerateSelfSignedCertKey(webhookServiceHost, []net.IP{net.ParseIP("127.0.0.1")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	s := httptest.NewUnstartedServer(http.HandlerFunc(serveAdmissionReview))
	s.TLS = &tls.Config{Certificates: []tls.Certificate{pair}}
	s.StartTLS()
	t.Cleanup(s.Close)
	return &webhookServer{Server: s, caBundle: certPEM}
}

func serveAdmissionReview(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/convert" {
		serveConversionReview(w, r)
		return
	}
	var review admissionv1.AdmissionReview
	if err := json.NewDecoder(r.Body).Decode(&review); err != nil || review.Request == nil {
		http.Error(w, "not an AdmissionReview", http.StatusBadRequest)
		return
	}
	resp := &admissionv1.AdmissionResponse{UID: review.Request.UID, Allowed: true}
	switch r.URL.Path {
	case "/deny":
		resp.Allowed = false
		resp.Result = &metav1.Status{Message: "no configmaps here", Code: http.StatusForbidden}
	case "/mutate":
		resp.PatchType = ptr(admissionv1.PatchTypeJSONPatch)
		resp.Patch = []byte(`[{"op":"add","path":"/metadata/labels","value":{"mutated":"yes"}}]`)
	case "/slow":
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	}
	review.Response = resp
	review.Request = nil
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(review)
}

func serveConversionReview(w http.ResponseWriter, r *http.Request) {
	var review apiextensionsv1.ConversionReview
	if err := json.NewDecoder(r.Body).Decode(&review); err != nil || review.Request == nil {
		http.Error(w, "not a ConversionReview", http.StatusBadRequest)
		return
	}
	resp := &apiextensionsv1.ConversionResponse{UID: review.Request.UID, Result: metav1.Status{Status: metav1.StatusSuccess}}
	for _, raw := range review.Request.Objects {
		obj := &unstructured.Unstructured{}
		if err := obj.UnmarshalJSON(raw.Raw); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		obj.SetAPIVersion(review.Request.DesiredAPIVersion)
		obj.SetAnnotations(map[string]string{"converted": "webhook"})
		converted, err := obj.MarshalJSON()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		resp.ConvertedObjects = append(resp.ConvertedObjects, runtime.RawExtension{Raw: converted})
	}
	review.Request = nil
	review.Response = resp
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(review)
}

// webhookNamespace creates a namespace labelled for the webhooks of one case, so that they see only
// that case's requests.
func webhookNamespace(t *testing.T, client kubernetes.Interface, name string) {
	t.Helper()
	_, err := client.CoreV1().Namespaces().Create(context.Background(), &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"admreg-case": name}}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
}

func caseSelector(name string) *metav1.LabelSelector {
	return &metav1.LabelSelector{MatchLabels: map[string]string{"admreg-case": name}}
}

func createValidatingWebhooks(t *testing.T, client kubernetes.Interface, name string, hooks ...admissionregistrationv1.ValidatingWebhook) {
	t.Helper()
	ctx := context.Background()
	_, err := client.AdmissionregistrationV1().ValidatingWebhookConfigurations().Create(ctx, &admissionregistrationv1.ValidatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: name}, Webhooks: hooks,
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = client.AdmissionregistrationV1().ValidatingWebhookConfigurations().Delete(ctx, name, metav1.DeleteOptions{})
	})
}

func configMap(name string, labels map[string]string) *corev1.ConfigMap {
	return &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}}
}

// eventuallyRefused creates ConfigMaps in namespace until one is refused, since webhook
// configurations reach the plugins through informers, and returns the refusal.
func eventuallyRefused(t *testing.T, client kubernetes.Interface, namespace string, labels map[string]string) *apierrors.StatusError {
	t.Helper()
	var refusal *apierrors.StatusError
	eventually(t, func() error {
		cm, err := client.CoreV1().ConfigMaps(namespace).Create(context.Background(), generated(configMap("", labels)), metav1.CreateOptions{})
		if err == nil {
			_ = client.CoreV1().ConfigMaps(namespace).Delete(context.Background(), cm.Name, metav1.DeleteOptions{})
			return errors.New("created")
		}
		if !errors.As(err, &refusal) {
			t.Fatalf("create: %v", err)
		}
		return nil
	})
	return refusal
}

func generated(cm *corev1.ConfigMap) *corev1.ConfigMap {
	cm.GenerateName = "probe-"
	return cm
}

func TestWebhookDenyAndMutate(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	hooks := startWebhookServer(t)

	webhookNamespace(t, client, "admreg-deny")
	deny := admregValidatingWebhook("deny.admreg.kapi.dev", hooks.URL+"/deny")
	deny.ClientConfig.CABundle = hooks.caBundle
	deny.NamespaceSelector = caseSelector("admreg-deny")
	// Objects labelled skip=yes are not sent to the webhook.
	deny.ObjectSelector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "skip", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"yes"}}}}
	// Nor are ConfigMaps whose name starts with "cel-skip".
	deny.MatchConditions = []admissionregistrationv1.MatchCondition{{Name: "not-skipped", Expression: `!object.metadata.name.startsWith("cel-skip")`}}
	createValidatingWebhooks(t, client, "admreg-deny", deny)

	refusal := eventuallyRefused(t, client, "admreg-deny", nil)
	if st := refusal.ErrStatus; st.Code != http.StatusForbidden || st.Message != `admission webhook "deny.admreg.kapi.dev" denied the request: no configmaps here` {
		t.Errorf("refusal = %d %q", st.Code, st.Message)
	}
	if _, err := client.CoreV1().ConfigMaps("admreg-deny").Create(ctx, configMap("skipped", map[string]string{"skip": "yes"}), metav1.CreateOptions{}); err != nil {
		t.Errorf("object selector: %v", err)
	}
	if _, err := client.CoreV1().ConfigMaps("admreg-deny").Create(ctx, configMap("cel-skip-me", nil), metav1.CreateOptions{}); err != nil {
		t.Errorf("match condition: %v", err)
	}
	// The namespace selector keeps the webhook out of other namespaces.
	webhookNamespace(t, client, "admreg-elsewhere")
	if _, err := client.CoreV1().ConfigMaps("admreg-elsewhere").Create(ctx, configMap("elsewhere", nil), metav1.CreateOptions{}); err != nil {
		t.Errorf("namespace selector: %v", err)
	}

	webhookNamespace(t, client, "admreg-mutate")
	mutate := admissionregistrationv1.MutatingWebhook{
		Name:                    "mutate.admreg.kapi.dev",
		ClientConfig:            admissionregistrationv1.WebhookClientConfig{URL: ptr(hooks.URL + "/mutate"), CABundle: hooks.caBundle},
		Rules:                   admregRules,
		SideEffects:             ptr(admissionregistrationv1.SideEffectClassNone),
		AdmissionReviewVersions: []string{"v1"},
		NamespaceSelector:       caseSelector("admreg-mutate"),
	}
	_, err := client.AdmissionregistrationV1().MutatingWebhookConfigurations().Create(ctx, &admissionregistrationv1.MutatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: "admreg-mutate"}, Webhooks: []admissionregistrationv1.MutatingWebhook{mutate},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = client.AdmissionregistrationV1().MutatingWebhookConfigurations().Delete(ctx, "admreg-mutate", metav1.DeleteOptions{})
	})
	eventually(t, func() error {
		cm, err := client.CoreV1().ConfigMaps("admreg-mutate").Create(ctx, generated(configMap("", nil)), metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if cm.Labels["mutated"] != "yes" {
			return errors.New("not mutated yet")
		}
		stored, err := client.CoreV1().ConfigMaps("admreg-mutate").Get(ctx, cm.Name, metav1.GetOptions{})
		if err != nil || stored.Labels["mutated"] != "yes" {
			t.Fatalf("stored labels = %v, %v", stored.Labels, err)
		}
		return nil
	})
}

func TestWebhookFailurePolicyAndTimeout(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	hooks := startWebhookServer(t)
	// A port nothing listens on: the webhook there is down.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "https://" + l.Addr().String() + "/deny"
	_ = l.Close()

	webhookNamespace(t, client, "admreg-fail")
	fail := admregValidatingWebhook("fail.admreg.kapi.dev", down)
	fail.NamespaceSelector = caseSelector("admreg-fail")
	ignore := admregValidatingWebhook("ignore.admreg.kapi.dev", down)
	ignore.NamespaceSelector = caseSelector("admreg-fail")
	ignore.FailurePolicy = ptr(admissionregistrationv1.Ignore)
	ignore.ObjectSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"policy": "ignore"}}
	fail.ObjectSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"policy": "fail"}}
	slow := admregValidatingWebhook("slow.admreg.kapi.dev", hooks.URL+"/slow")
	slow.ClientConfig.CABundle = hooks.caBundle
	slow.NamespaceSelector = caseSelector("admreg-fail")
	slow.ObjectSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"policy": "slow"}}
	slow.TimeoutSeconds = ptr[int32](1)
	createValidatingWebhooks(t, client, "admreg-fail", fail, ignore, slow)

	refusal := eventuallyRefused(t, client, "admreg-fail", map[string]string{"policy": "fail"})
	if st := refusal.ErrStatus; st.Code != http.StatusInternalServerError || !strings.Contains(st.Message, `failed calling webhook "fail.admreg.kapi.dev"`) || !strings.Contains(st.Message, "connection refused") {
		t.Errorf("failurePolicy Fail = %d %q", st.Code, st.Message)
	}
	if _, err := client.CoreV1().ConfigMaps("admreg-fail").Create(ctx, configMap("ignored", map[string]string{"policy": "ignore"}), metav1.CreateOptions{}); err != nil {
		t.Errorf("failurePolicy Ignore: %v", err)
	}
	_, err = client.CoreV1().ConfigMaps("admreg-fail").Create(ctx, configMap("slow", map[string]string{"policy": "slow"}), metav1.CreateOptions{})
	if st := (&apierrors.StatusError{}); !errors.As(err, &st) || st.ErrStatus.Code != http.StatusInternalServerError ||
		!strings.Contains(st.ErrStatus.Message, `failed calling webhook "slow.admreg.kapi.dev"`) || !strings.Contains(st.ErrStatus.Message, "?timeout=1s") {
		t.Errorf("timeout: %v", err)
	}
}

// TestWebhookThroughService reaches a webhook through a Service without selector, whose
// EndpointSlice names the test's server: kapi dials the endpoint, and checks the certificate against
// the Service's DNS name. The API refuses loopback endpoint addresses, as upstream does, so the test
// runs kapi on an etcd it can write the slice to directly.
func TestWebhookThroughService(t *testing.T) {
	ctx := context.Background()
	etcd := startEtcd(t)
	kapi := startServer(t, "--etcd-servers="+etcd.ClientURLs()[0])
	client := kubernetes.NewForConfigOrDie(kapi.ClientConfig)
	hooks := startWebhookServer(t)
	_, portText, _ := net.SplitHostPort(strings.TrimPrefix(hooks.URL, "https://"))
	port := mustAtoi32(t, portText)

	webhookNamespace(t, client, "admreg-svc")
	if _, err := client.CoreV1().Services("admreg-svc").Create(ctx, &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "webhook"},
		Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Name: "https", Port: 443}}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	writeEtcd(t, etcdClient(t, etcd), "/registry/endpointslices/admreg-svc/webhook-local", &discoveryv1.EndpointSlice{
		TypeMeta:    metav1.TypeMeta{APIVersion: "discovery.k8s.io/v1", Kind: "EndpointSlice"},
		ObjectMeta:  metav1.ObjectMeta{Name: "webhook-local", Namespace: "admreg-svc", UID: "4b1d6f0e-0000-4000-8000-000000000001", CreationTimestamp: metav1.Now(), Labels: map[string]string{discoveryv1.LabelServiceName: "webhook", discoveryv1.LabelManagedBy: "admreg-test"}},
		AddressType: discoveryv1.AddressTypeIPv4,
		Endpoints:   []discoveryv1.Endpoint{{Addresses: []string{"127.0.0.1"}, Conditions: discoveryv1.EndpointConditions{Ready: ptr(true)}}},
		Ports:       []discoveryv1.EndpointPort{{Name: ptr("https"), Port: &port}},
	})
	hook := admregValidatingWebhook("service.admreg.kapi.dev", "")
	hook.ClientConfig = admissionregistrationv1.WebhookClientConfig{
		Service:  &admissionregistrationv1.ServiceReference{Namespace: "admreg-svc", Name: "webhook", Path: ptr("/deny")},
		CABundle: hooks.caBundle,
	}
	hook.NamespaceSelector = caseSelector("admreg-svc")
	createValidatingWebhooks(t, client, "admreg-svc", hook)

	// The admission resolver learns of the slice through its own informer, so the first calls may
	// still find no endpoints, as on kube-apiserver.
	eventually(t, func() error {
		st := eventuallyRefused(t, client, "admreg-svc", nil).ErrStatus
		if st.Code != http.StatusForbidden || st.Message != `admission webhook "service.admreg.kapi.dev" denied the request: no configmaps here` {
			return fmt.Errorf("refusal = %d %q", st.Code, st.Message)
		}
		return nil
	})

	// CustomResourceDefinitions reach their conversion webhook through the same Service.
	converted := readConvertedThroughService(t, kapi.ClientConfig, hooks.caBundle)
	if converted.GetAPIVersion() != "convert.admreg.kapi.dev/v2" || converted.GetAnnotations()["converted"] != "webhook" {
		t.Errorf("read as v2: %s, annotations %v; want convert.admreg.kapi.dev/v2 converted by the webhook", converted.GetAPIVersion(), converted.GetAnnotations())
	}
}

// readConvertedThroughService defines widgets in v1 (stored) and v2, converted by the webhook of
// the Service webhook/admreg-svc, creates one in v1 and reads it in v2.
func readConvertedThroughService(t *testing.T, config *rest.Config, caBundle []byte) *unstructured.Unstructured {
	t.Helper()
	ctx := context.Background()
	openAPI := &apiextensionsv1.CustomResourceValidation{OpenAPIV3Schema: &apiextensionsv1.JSONSchemaProps{
		Type:       "object",
		Properties: map[string]apiextensionsv1.JSONSchemaProps{"spec": {Type: "object", XPreserveUnknownFields: ptr(true)}},
	}}
	crd := &apiextensionsv1.CustomResourceDefinition{
		ObjectMeta: metav1.ObjectMeta{Name: "widgets.convert.admreg.kapi.dev"},
		Spec: apiextensionsv1.CustomResourceDefinitionSpec{
			Group: "convert.admreg.kapi.dev",
			Scope: apiextensionsv1.NamespaceScoped,
			Names: apiextensionsv1.CustomResourceDefinitionNames{Plural: "widgets", Singular: "widget", Kind: "Widget", ListKind: "WidgetList"},
			Versions: []apiextensionsv1.CustomResourceDefinitionVersion{
				{Name: "v1", Served: true, Storage: true, Schema: openAPI},
				{Name: "v2", Served: true, Schema: openAPI},
			},
			Conversion: &apiextensionsv1.CustomResourceConversion{
				Strategy: apiextensionsv1.WebhookConverter,
				Webhook: &apiextensionsv1.WebhookConversion{
					ClientConfig: &apiextensionsv1.WebhookClientConfig{
						Service:  &apiextensionsv1.ServiceReference{Namespace: "admreg-svc", Name: "webhook", Path: ptr("/convert")},
						CABundle: caBundle,
					},
					ConversionReviewVersions: []string{"v1"},
				},
			},
		},
	}
	if _, err := apiextensionsclient.NewForConfigOrDie(config).ApiextensionsV1().CustomResourceDefinitions().Create(ctx, crd, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	widgets := dynamic.NewForConfigOrDie(config)
	v1 := schema.GroupVersionResource{Group: "convert.admreg.kapi.dev", Version: "v1", Resource: "widgets"}
	widget := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "convert.admreg.kapi.dev/v1", "kind": "Widget",
		"metadata": map[string]any{"name": "w"}, "spec": map[string]any{"size": int64(1)},
	}}
	// The CRD's resources are served once it is established.
	eventually(t, func() error {
		_, err := widgets.Resource(v1).Namespace("admreg-svc").Create(ctx, widget, metav1.CreateOptions{})
		return err
	})
	got, err := widgets.Resource(schema.GroupVersionResource{Group: v1.Group, Version: "v2", Resource: "widgets"}).Namespace("admreg-svc").Get(ctx, "w", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("reading the widget in v2: %v", err)
	}
	return got
}

// writeEtcd stores obj at key in protobuf, as kapi would, without the API's validation.
func writeEtcd(t *testing.T, c *clientv3.Client, key string, obj runtime.Object) {
	t.Helper()
	info, ok := runtime.SerializerInfoForMediaType(scheme.Codecs.SupportedMediaTypes(), runtime.ContentTypeProtobuf)
	if !ok {
		t.Fatal("no protobuf serializer")
	}
	var buf bytes.Buffer
	if err := info.Serializer.Encode(obj, &buf); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Put(context.Background(), key, buf.String()); err != nil {
		t.Fatal(err)
	}
}

func mustAtoi32(t *testing.T, s string) int32 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		t.Fatal(err)
	}
	return int32(n)
}
