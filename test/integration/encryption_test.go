package integration

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	corev1 "k8s.io/api/core/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	encryptionconfigcontroller "k8s.io/apiserver/pkg/server/options/encryptionconfig/controller"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	kmsservice "k8s.io/kms/pkg/service"
)

// secretValue is what the encrypted objects carry, looked for in etcd's raw bytes.
const secretValue = "correct-horse-battery-staple"

// TestEncryptionAtRest runs kapi with an encryption configuration giving each resource another
// provider, and reads etcd directly: Secrets under aescbc, ConfigMaps under aesgcm, a custom
// resource under secretbox, ServiceAccounts under KMS v2 through a plugin on a unix socket, and pods,
// listed under identity, in the clear. Every object reads back through the API as written.
func TestEncryptionAtRest(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	socket := startKMSPlugin(t, filepath.Join(dir, "kms.sock"))
	config := filepath.Join(dir, "encryption.yaml")
	writeFile(t, config, fmt.Sprintf(`apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
- resources: [secrets]
  providers:
  - aescbc: {keys: [{name: key1, secret: %s}]}
- resources: [configmaps]
  providers:
  - aesgcm: {keys: [{name: key1, secret: %s}]}
- resources: [gizmos.crypt.kapi.dev]
  providers:
  - secretbox: {keys: [{name: key1, secret: %s}]}
- resources: [serviceaccounts]
  providers:
  - kms: {apiVersion: v2, name: testkms, endpoint: "unix://%s", timeout: 5s}
- resources: [pods]
  providers:
  - identity: {}
  - aescbc: {keys: [{name: key1, secret: %s}]}
`, randomKey(t), randomKey(t), randomKey(t), socket, randomKey(t)))

	etcd := startEtcd(t)
	kapi := startServer(t, "--etcd-servers="+etcd.ClientURLs()[0], "--encryption-provider-config="+config)
	raw := etcdClient(t, etcd)
	client := kubernetes.NewForConfigOrDie(kapi.ClientConfig)
	createNamespace(t, client, "crypt")

	if _, err := client.CoreV1().Secrets("crypt").Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "s1"}, StringData: map[string]string{"password": secretValue},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.CoreV1().ConfigMaps("crypt").Create(ctx, &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "c1"}, Data: map[string]string{"password": secretValue},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.CoreV1().ServiceAccounts("crypt").Create(ctx, &corev1.ServiceAccount{
		ObjectMeta: metav1.ObjectMeta{Name: "sa1", Annotations: map[string]string{"password": secretValue}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	pod := simplePod("p1", "nginx")
	pod.Annotations = map[string]string{"password": secretValue}
	if _, err := client.CoreV1().Pods("crypt").Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	gizmos := createGizmoDefinition(t, ctx, kapi.ClientConfig)
	if _, err := gizmos.Namespace("crypt").Create(ctx, &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "crypt.kapi.dev/v1", "kind": "Gizmo",
		"metadata": map[string]any{"name": "g1"}, "spec": map[string]any{"password": secretValue},
	}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct{ key, prefix string }{
		{"/registry/secrets/crypt/s1", "k8s:enc:aescbc:v1:key1:"},
		{"/registry/configmaps/crypt/c1", "k8s:enc:aesgcm:v1:key1:"},
		{"/registry/crypt.kapi.dev/gizmos/crypt/g1", "k8s:enc:secretbox:v1:key1:"},
		{"/registry/serviceaccounts/crypt/sa1", "k8s:enc:kms:v2:testkms:"},
		{"/registry/serviceaccounts/crypt/default", "k8s:enc:kms:v2:testkms:"},
	} {
		value := rawValue(t, ctx, raw, tc.key)
		if !bytes.HasPrefix(value, []byte(tc.prefix)) {
			t.Errorf("%s is stored as %q..., want the prefix %q", tc.key, value[:min(len(value), 24)], tc.prefix)
		}
		if bytes.Contains(value, []byte(secretValue)) || bytes.Contains(value, []byte("crypt")) {
			t.Errorf("%s holds its contents in the clear", tc.key)
		}
	}
	if value := rawValue(t, ctx, raw, "/registry/pods/crypt/p1"); !bytes.HasPrefix(value, []byte("k8s\x00")) || !bytes.Contains(value, []byte(secretValue)) {
		t.Errorf("the pod, under identity, is stored as %q..., want plain protobuf", value[:min(len(value), 24)])
	}

	secret, err := client.CoreV1().Secrets("crypt").Get(ctx, "s1", metav1.GetOptions{})
	if err != nil || string(secret.Data["password"]) != secretValue {
		t.Errorf("secret read back as %q, %v", secret.Data["password"], err)
	}
	cm, err := client.CoreV1().ConfigMaps("crypt").Get(ctx, "c1", metav1.GetOptions{})
	if err != nil || cm.Data["password"] != secretValue {
		t.Errorf("config map read back as %q, %v", cm.Data["password"], err)
	}
	sa, err := client.CoreV1().ServiceAccounts("crypt").Get(ctx, "sa1", metav1.GetOptions{})
	if err != nil || sa.Annotations["password"] != secretValue {
		t.Errorf("service account read back as %v, %v", sa.Annotations, err)
	}
	gizmo, err := gizmos.Namespace("crypt").Get(ctx, "g1", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if password, _, _ := unstructured.NestedString(gizmo.Object, "spec", "password"); password != secretValue {
		t.Errorf("gizmo read back with spec.password %q", password)
	}
	if code, body := sendRaw(t, kapi.ClientConfig, "GET", "/readyz?verbose", "", nil); code != 200 || !strings.Contains(string(body), "[+]kms-providers ok") {
		t.Errorf("/readyz = %d:\n%s\nwant 200 with the kms-providers check", code, body)
	}
}

// TestEncryptionConfigAutomaticReload rotates a Secret key by rewriting the configuration of a
// kapi started with --encryption-provider-config-automatic-reload: new writes use the new key, objects
// written under the old one still read, and a broken file leaves the last good configuration in force.
func TestEncryptionConfigAutomaticReload(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	poll := encryptionconfigcontroller.EncryptionConfigFileChangePollDuration
	encryptionconfigcontroller.EncryptionConfigFileChangePollDuration = 100 * time.Millisecond
	t.Cleanup(func() { encryptionconfigcontroller.EncryptionConfigFileChangePollDuration = poll })

	dir := t.TempDir()
	oldKey, newKey := randomKey(t), randomKey(t)
	config := filepath.Join(dir, "encryption.yaml")
	writeFile(t, config, secretsEncryption(fmt.Sprintf("{name: old, secret: %s}", oldKey)))
	etcd := startEtcd(t)
	kapi := startServer(t, "--etcd-servers="+etcd.ClientURLs()[0], "--encryption-provider-config="+config, "--encryption-provider-config-automatic-reload")
	raw := etcdClient(t, etcd)
	client := kubernetes.NewForConfigOrDie(kapi.ClientConfig)
	secrets := client.CoreV1().Secrets("default")
	createSecret := func(name string) {
		t.Helper()
		if _, err := secrets.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: name}, StringData: map[string]string{"password": secretValue}}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	createSecret("before")
	if value := rawValue(t, ctx, raw, "/registry/secrets/default/before"); !bytes.HasPrefix(value, []byte("k8s:enc:aescbc:v1:old:")) {
		t.Fatalf("the first secret is stored as %q...", value[:min(len(value), 24)])
	}

	writeFile(t, config, secretsEncryption(fmt.Sprintf("{name: new, secret: %s}, {name: old, secret: %s}", newKey, oldKey)))
	attempt := 0
	eventually(t, func() error {
		attempt++
		name := fmt.Sprintf("after-%d", attempt)
		createSecret(name)
		if value := rawValue(t, ctx, raw, "/registry/secrets/default/"+name); !bytes.HasPrefix(value, []byte("k8s:enc:aescbc:v1:new:")) {
			return fmt.Errorf("%s is stored as %q...", name, value[:min(len(value), 24)])
		}
		return nil
	})
	if secret, err := secrets.Get(ctx, "before", metav1.GetOptions{}); err != nil || string(secret.Data["password"]) != secretValue {
		t.Errorf("the secret written under the old key reads as %q, %v", secret.Data["password"], err)
	}

	writeFile(t, config, "kind: EncryptionConfiguration\nresources: [{resources: [secrets], providers: [{aescbc: {keys: [{name: short, secret: c2hvcnQ=}]}}]}]\n")
	eventually(t, func() error {
		_, metrics := sendRaw(t, kapi.ClientConfig, "GET", "/metrics", "", nil)
		if !failedReload.Match(metrics) {
			return fmt.Errorf("no failed reload counted yet")
		}
		return nil
	})
	createSecret("broken")
	if value := rawValue(t, ctx, raw, "/registry/secrets/default/broken"); !bytes.HasPrefix(value, []byte("k8s:enc:aescbc:v1:new:")) {
		t.Errorf("after a broken configuration a secret is stored as %q..., want the last good key", value[:min(len(value), 24)])
	}
	if code, _ := sendRaw(t, kapi.ClientConfig, "GET", "/readyz", "", nil); code != 200 {
		t.Errorf("/readyz = %d after a broken configuration, want 200", code)
	}
}

// failedReload is the metric line counting refused reloads of the encryption configuration.
var failedReload = regexp.MustCompile(`(?m)^apiserver_encryption_config_controller_automatic_reloads_total\{apiserver_id_hash="[^"]*",status="failure"\} [1-9]`)

// secretsEncryption is an encryption configuration for Secrets under aescbc with keys.
func secretsEncryption(keys string) string {
	return fmt.Sprintf(`apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
- resources: [secrets]
  providers:
  - aescbc: {keys: [%s]}
  - identity: {}
`, keys)
}

// createGizmoDefinition creates the Gizmo custom resource and returns its client once it is served.
func createGizmoDefinition(t *testing.T, ctx context.Context, config *rest.Config) dynamic.NamespaceableResourceInterface {
	t.Helper()
	crd := &apiextensionsv1.CustomResourceDefinition{
		ObjectMeta: metav1.ObjectMeta{Name: "gizmos.crypt.kapi.dev"},
		Spec: apiextensionsv1.CustomResourceDefinitionSpec{
			Group: "crypt.kapi.dev",
			Scope: apiextensionsv1.NamespaceScoped,
			Names: apiextensionsv1.CustomResourceDefinitionNames{Plural: "gizmos", Singular: "gizmo", Kind: "Gizmo", ListKind: "GizmoList"},
			Versions: []apiextensionsv1.CustomResourceDefinitionVersion{{
				Name: "v1", Served: true, Storage: true,
				Schema: &apiextensionsv1.CustomResourceValidation{OpenAPIV3Schema: &apiextensionsv1.JSONSchemaProps{
					Type:                   "object",
					XPreserveUnknownFields: ptr(true),
				}},
			}},
		},
	}
	if _, err := apiextensionsclient.NewForConfigOrDie(config).ApiextensionsV1().CustomResourceDefinitions().Create(ctx, crd, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	gizmos := dynamic.NewForConfigOrDie(config).Resource(schema.GroupVersionResource{Group: "crypt.kapi.dev", Version: "v1", Resource: "gizmos"})
	eventually(t, func() error {
		_, err := gizmos.Namespace("crypt").List(ctx, metav1.ListOptions{})
		return err
	})
	return gizmos
}

// rawValue is the bytes etcd holds under key.
func rawValue(t *testing.T, ctx context.Context, raw *clientv3.Client, key string) []byte {
	t.Helper()
	resp, err := raw.Get(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Kvs) != 1 {
		t.Fatalf("etcd has no key %s", key)
	}
	return resp.Kvs[0].Value
}

// randomKey is a base64 AES-256 key, as an encryption configuration spells keys.
func randomKey(t *testing.T) string {
	t.Helper()
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(key)
}

// startKMSPlugin serves a KMS v2 plugin on the unix socket path until the test ends, and returns path.
func startKMSPlugin(t *testing.T, path string) string {
	t.Helper()
	block, err := aes.NewCipher(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		t.Fatal(err)
	}
	plugin := kmsservice.NewGRPCService(path, 5*time.Second, &testKMS{aead: aead})
	served := make(chan error, 1)
	go func() { served <- plugin.ListenAndServe() }()
	t.Cleanup(func() {
		plugin.Close()
		<-served
	})
	eventually(t, func() error {
		_, err := os.Stat(path)
		return err
	})
	return path
}

// testKMS is a KMS v2 plugin whose key encryption key is AES-GCM with a fixed key.
type testKMS struct {
	aead cipher.AEAD
}

const testKMSKeyID = "kek-1"

func (k *testKMS) Encrypt(_ context.Context, _ string, data []byte) (*kmsservice.EncryptResponse, error) {
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return &kmsservice.EncryptResponse{Ciphertext: k.aead.Seal(nonce, nonce, data, nil), KeyID: testKMSKeyID}, nil
}

func (k *testKMS) Decrypt(_ context.Context, _ string, req *kmsservice.DecryptRequest) ([]byte, error) {
	if req.KeyID != testKMSKeyID {
		return nil, fmt.Errorf("unknown key %q", req.KeyID)
	}
	n := k.aead.NonceSize()
	if len(req.Ciphertext) < n {
		return nil, fmt.Errorf("ciphertext too short")
	}
	return k.aead.Open(nil, req.Ciphertext[:n], req.Ciphertext[n:], nil)
}

func (k *testKMS) Status(context.Context) (*kmsservice.StatusResponse, error) {
	return &kmsservice.StatusResponse{Version: "v2", Healthz: "ok", KeyID: testKMSKeyID}, nil
}
