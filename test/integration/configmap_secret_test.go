package integration

import (
	"context"
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestConfigMapImmutable(t *testing.T) {
	ctx := context.Background()
	client := protobufClient(t)
	createNamespace(t, client, "cm-immutable")
	cms := client.CoreV1().ConfigMaps("cm-immutable")

	cm, err := cms.Create(ctx, &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "settings"},
		Data:       map[string]string{"a": "1"},
		BinaryData: map[string][]byte{"b": {0, 1}},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cm.Data["a"] = "2"
	cm.Immutable = ptr(true)
	if cm, err = cms.Update(ctx, cm, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("a mutable config map must accept data changes and becoming immutable: %v", err)
	}

	changed := cm.DeepCopy()
	changed.Data["a"] = "3"
	_, err = cms.Update(ctx, changed, metav1.UpdateOptions{})
	expectInvalidCause(t, err, "data", metav1.CauseTypeForbidden, "field is immutable when `immutable` is set")

	unfrozen := cm.DeepCopy()
	unfrozen.Immutable = ptr(false)
	_, err = cms.Update(ctx, unfrozen, metav1.UpdateOptions{})
	expectInvalidCause(t, err, "immutable", metav1.CauseTypeForbidden, "field is immutable when `immutable` is set")

	// Metadata of an immutable config map may still change.
	labelled := cm.DeepCopy()
	labelled.Labels = map[string]string{"tier": "web"}
	if _, err := cms.Update(ctx, labelled, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("labelling an immutable config map: %v", err)
	}

	_, err = cms.Create(ctx, &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "dup"},
		Data:       map[string]string{"k": "v", "bad key": "x"},
		BinaryData: map[string][]byte{"k": {1}},
	}, metav1.CreateOptions{})
	expectInvalidCause(t, err, "data[k]", metav1.CauseTypeFieldValueInvalid, "duplicate of key present in binaryData")
	expectInvalidCause(t, err, "data[bad key]", metav1.CauseTypeFieldValueInvalid, "a valid config key must consist of alphanumeric characters")

	// The namespace also holds kube-root-ca.crt, which the root CA publisher adds.
	cols, rows := tableCells(t, "/api/v1/namespaces/cm-immutable/configmaps", "metadata.name=settings")
	if want := []string{"Name", "Data", "Age"}; !reflect.DeepEqual(cols, want) {
		t.Errorf("columns = %v, want %v", cols, want)
	}
	if len(rows) != 1 || rows[0][0] != "settings" || rows[0][1] != "2" {
		t.Errorf("rows = %v, want settings with 2 keys (data and binaryData)", rows)
	}
}

func TestSecretStringDataTypeAndSelectors(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "secrets")
	secrets := client.CoreV1().Secrets("secrets")

	created, err := secrets.Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "creds"},
		Data:       map[string][]byte{"user": []byte("old"), "keep": []byte("k")},
		StringData: map[string]string{"user": "admin", "password": "s3cret"},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{"user": []byte("admin"), "password": []byte("s3cret"), "keep": []byte("k")}
	if !reflect.DeepEqual(created.Data, want) || created.StringData != nil {
		t.Errorf("data = %q, stringData = %q; want stringData merged into data (stringData wins) and dropped", created.Data, created.StringData)
	}
	if created.Type != corev1.SecretTypeOpaque {
		t.Errorf("type = %q, want Opaque by default", created.Type)
	}

	retyped := created.DeepCopy()
	retyped.Type = corev1.SecretTypeBasicAuth
	_, err = secrets.Update(ctx, retyped, metav1.UpdateOptions{})
	expectInvalidCause(t, err, "type", metav1.CauseTypeFieldValueInvalid, "field is immutable")

	_, err = secrets.Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "half-tls"},
		Type:       corev1.SecretTypeTLS,
		StringData: map[string]string{"tls.crt": "cert"},
	}, metav1.CreateOptions{})
	expectInvalidCause(t, err, "data[tls.key]", metav1.CauseTypeFieldValueRequired, "Required value")

	_, err = secrets.Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "docker"},
		Type:       corev1.SecretTypeDockerConfigJson,
		StringData: map[string]string{".dockerconfigjson": "{not json"},
	}, metav1.CreateOptions{})
	expectInvalidCause(t, err, "data[.dockerconfigjson]", metav1.CauseTypeFieldValueInvalid, "invalid character")
	if strings.Contains(err.Error(), "{not json") {
		t.Errorf("the error echoes the secret's contents: %v", err)
	}

	if _, err := secrets.Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "basic"},
		Type:       corev1.SecretTypeBasicAuth,
		StringData: map[string]string{"username": "u"},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	frozen, err := secrets.Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "frozen"},
		Immutable:  ptr(true),
		StringData: map[string]string{"k": "v"},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	frozen.StringData = map[string]string{"k": "changed"}
	_, err = secrets.Update(ctx, frozen, metav1.UpdateOptions{})
	expectInvalidCause(t, err, "data", metav1.CauseTypeForbidden, "field is immutable when `immutable` is set")

	list, err := secrets.List(ctx, metav1.ListOptions{FieldSelector: "type=kubernetes.io/basic-auth"})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].Name != "basic" {
		t.Errorf("type=kubernetes.io/basic-auth selected %d secrets, want only basic", len(list.Items))
	}
	_, err = secrets.List(ctx, metav1.ListOptions{FieldSelector: "data.user=admin"})
	if !apierrors.IsBadRequest(err) || !strings.Contains(err.Error(), `field label not supported: data.user`) {
		t.Errorf("an unknown secret field label: %v, want 400 field label not supported", err)
	}

	cols, rows := tableCells(t, "/api/v1/namespaces/secrets/secrets", "metadata.name=creds")
	if want := []string{"Name", "Type", "Data", "Age"}; !reflect.DeepEqual(cols, want) {
		t.Errorf("columns = %v, want %v", cols, want)
	}
	if len(rows) != 1 || rows[0][0] != "creds" || rows[0][1] != "Opaque" || rows[0][2] != "3" {
		t.Errorf("rows = %v, want creds Opaque 3", rows)
	}
}
