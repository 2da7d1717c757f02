package validation

import (
	"encoding/json"
	"reflect"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	// The package-level ptr helper of this package's tests takes the plain name.
	utilptr "k8s.io/utils/ptr"
)

// redactedSecret stands in for secret contents in an error, which must never echo them.
const redactedSecret = "<secret contents redacted>"

// ValidateSecret checks a new secret: its keys, its size, and the keys its type requires. stringData
// has already been folded into data by defaulting.
func ValidateSecret(secret *corev1.Secret) field.ErrorList {
	allErrs := validateObjectMeta(&secret.ObjectMeta, true, validateSecretName, field.NewPath("metadata"))
	dataPath := field.NewPath("data")
	totalSize := 0
	for key, value := range secret.Data {
		allErrs = append(allErrs, validateConfigMapKey(key, dataPath.Key(key))...)
		totalSize += len(value)
	}
	if totalSize > maxConfigDataSize {
		allErrs = append(allErrs, field.TooLong(dataPath, "", maxConfigDataSize))
	}
	return append(allErrs, validateSecretType(secret, dataPath)...)
}

func validateSecretType(secret *corev1.Secret, dataPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	switch secret.Type {
	case corev1.SecretTypeServiceAccountToken:
		// The token controller fills in the rest later; only the account name must be there.
		if secret.Annotations[corev1.ServiceAccountNameKey] == "" {
			allErrs = append(allErrs, field.Required(field.NewPath("metadata", "annotations").Key(corev1.ServiceAccountNameKey), ""))
		}
	case corev1.SecretTypeDockercfg:
		allErrs = append(allErrs, validateJSONKey(secret.Data, corev1.DockerConfigKey, dataPath)...)
	case corev1.SecretTypeDockerConfigJson:
		allErrs = append(allErrs, validateJSONKey(secret.Data, corev1.DockerConfigJsonKey, dataPath)...)
	case corev1.SecretTypeBasicAuth:
		_, hasUser := secret.Data[corev1.BasicAuthUsernameKey]
		_, hasPassword := secret.Data[corev1.BasicAuthPasswordKey]
		if !hasUser && !hasPassword {
			allErrs = append(allErrs,
				field.Required(dataPath.Key(corev1.BasicAuthUsernameKey), ""),
				field.Required(dataPath.Key(corev1.BasicAuthPasswordKey), ""))
		}
	case corev1.SecretTypeSSHAuth:
		if len(secret.Data[corev1.SSHAuthPrivateKey]) == 0 {
			allErrs = append(allErrs, field.Required(dataPath.Key(corev1.SSHAuthPrivateKey), ""))
		}
	case corev1.SecretTypeTLS:
		if _, ok := secret.Data[corev1.TLSCertKey]; !ok {
			allErrs = append(allErrs, field.Required(dataPath.Key(corev1.TLSCertKey), ""))
		}
		if _, ok := secret.Data[corev1.TLSPrivateKeyKey]; !ok {
			allErrs = append(allErrs, field.Required(dataPath.Key(corev1.TLSPrivateKeyKey), ""))
		}
	}
	return allErrs
}

// validateJSONKey requires data[key] to hold a JSON object.
func validateJSONKey(data map[string][]byte, key string, dataPath *field.Path) field.ErrorList {
	value, ok := data[key]
	if !ok {
		return field.ErrorList{field.Required(dataPath.Key(key), "")}
	}
	if err := json.Unmarshal(value, &map[string]interface{}{}); err != nil {
		return field.ErrorList{field.Invalid(dataPath.Key(key), redactedSecret, err.Error())}
	}
	return nil
}

// ValidateSecretUpdate checks an update of a secret: the type never changes, and an immutable secret
// keeps its data.
func ValidateSecretUpdate(newSecret, oldSecret *corev1.Secret) field.ErrorList {
	allErrs := validateObjectMetaUpdate(&newSecret.ObjectMeta, &oldSecret.ObjectMeta, field.NewPath("metadata"))
	allErrs = append(allErrs, validateImmutableField(newSecret.Type, oldSecret.Type, field.NewPath("type"))...)
	if utilptr.Deref(oldSecret.Immutable, false) {
		if !utilptr.Deref(newSecret.Immutable, false) {
			allErrs = append(allErrs, field.Forbidden(field.NewPath("immutable"), immutableWhenSetMsg))
		}
		if !reflect.DeepEqual(newSecret.Data, oldSecret.Data) {
			allErrs = append(allErrs, field.Forbidden(field.NewPath("data"), immutableWhenSetMsg))
		}
	}
	return append(allErrs, ValidateSecret(newSecret)...)
}
