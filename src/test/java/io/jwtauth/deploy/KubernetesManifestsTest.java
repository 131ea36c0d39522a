package io.jwtauth.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.jwtauth.support.JvmImage;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parses every manifest under {@code k8s/} with the Fabric8 Kubernetes model and checks that the manifests,
 * the Dockerfiles and {@code src/main/resources/application.properties} agree with each other.
 * Plain JUnit 5: no Quarkus application, no cluster, no database.
 */
class KubernetesManifestsTest {

    private static final Path BASE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final Path K8S = BASE.resolve("k8s");
    private static final Path APPLICATION_PROPERTIES = BASE.resolve("src/main/resources/application.properties");
    private static final Path KEYS_SECRET_TEMPLATE = K8S.resolve("keys-secret.template.yaml");
    private static final Path CNPG_CLUSTER = K8S.resolve("postgres/cnpg-cluster.yaml");

    /** Environment variables the application reads besides the auth.* tuning keys (checked against application.properties). */
    private static final Set<String> KNOWN_ENV = Set.of(
            "QUARKUS_DATASOURCE_JDBC_URL",
            "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD",
            "SMALLRYE_JWT_SIGN_KEY_LOCATION",
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
            "MP_JWT_VERIFY_ISSUER",
            "MP_JWT_VERIFY_AUDIENCES",
            "ADMIN_EMAIL",
            "ADMIN_PASSWORD",
            "QUARKUS_MAILER_HOST",
            "QUARKUS_MAILER_PORT",
            "QUARKUS_MAILER_START_TLS",
            "QUARKUS_MAILER_LOGIN",
            "QUARKUS_MAILER_FROM",
            "QUARKUS_MAILER_USERNAME",
            "QUARKUS_MAILER_PASSWORD");

    /** What a production pod cannot start without. */
    private static final Set<String> REQUIRED_ENV = Set.of(
            "QUARKUS_DATASOURCE_JDBC_URL",
            "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD",
            "SMALLRYE_JWT_SIGN_KEY_LOCATION",
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
            "MP_JWT_VERIFY_ISSUER",
            "MP_JWT_VERIFY_AUDIENCES");

    private static final int NON_ROOT_UID = 185;

    /** The widest range AUTH_TRUSTED_PROXIES may trust: an ingress controller's pods, not a whole network. */
    private static final int MIN_TRUSTED_PREFIX_IPV4 = 24;

    private static final int MIN_TRUSTED_PREFIX_IPV6 = 64;

    /** The label Kubernetes puts on every namespace with its name. */
    private static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    /** apiVersion/kind -> model class. Anything else in k8s/ is an error (e.g. a deprecated API version). */
    private static final Map<String, Class<?>> MODEL = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "postgresql.cnpg.io/v1/Cluster", GenericKubernetesResource.class);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Properties app;
    private static JsonNode kustomization;
    private static List<String> kustomizationResources;
    /** Resources of the main kustomization, in order. */
    private static final List<HasMetadata> resources = new ArrayList<>();
    /** Raw YAML of the resources (for checks the typed model would hide, e.g. scalar coercion). */
    private static final Map<HasMetadata, JsonNode> rawOf = new IdentityHashMap<>();

    private static Deployment deployment;
    private static ConfigMap configMap;
    private static Service service;
    private static HorizontalPodAutoscaler hpa;
    private static PodDisruptionBudget pdb;
    private static NetworkPolicy networkPolicy;
    private static Secret keysSecretTemplate;
    private static GenericKubernetesResource cnpgCluster;

    @BeforeAll
    static void load() throws IOException {
        assertTrue(Files.isDirectory(K8S), "k8s/ not found under " + BASE);
        app = new Properties();
        try (Reader r = Files.newBufferedReader(APPLICATION_PROPERTIES)) {
            app.load(r);
        }

        kustomization = YAML.readTree(K8S.resolve("kustomization.yaml").toFile());
        assertEquals("Kustomization", kustomization.path("kind").asText(), "k8s/kustomization.yaml kind");
        kustomizationResources = new ArrayList<>();
        kustomization.path("resources").forEach(n -> kustomizationResources.add(n.asText()));
        assertFalse(kustomizationResources.isEmpty(), "kustomization.yaml lists no resources");

        for (String file : kustomizationResources) {
            Path p = K8S.resolve(file);
            assertTrue(Files.isRegularFile(p), "kustomization resource " + file + " does not exist");
            for (JsonNode doc : readDocuments(p)) {
                HasMetadata r = (HasMetadata) toModel(doc, file);
                resources.add(r);
                rawOf.put(r, doc);
            }
        }

        deployment = single(Deployment.class);
        configMap = single(ConfigMap.class);
        service = single(Service.class);
        hpa = single(HorizontalPodAutoscaler.class);
        pdb = single(PodDisruptionBudget.class);
        networkPolicy = single(NetworkPolicy.class);

        List<JsonNode> template = readDocuments(KEYS_SECRET_TEMPLATE);
        assertEquals(1, template.size(), "keys-secret.template.yaml must hold exactly one document");
        keysSecretTemplate = (Secret) toModel(template.get(0), "keys-secret.template.yaml");

        List<JsonNode> cluster = readDocuments(CNPG_CLUSTER);
        assertEquals(1, cluster.size(), "postgres/cnpg-cluster.yaml must hold exactly one document");
        cnpgCluster = (GenericKubernetesResource) toModel(cluster.get(0), "postgres/cnpg-cluster.yaml");
    }

    // ---- kustomization ---------------------------------------------------------------------------

    @Test
    void kustomizationListsEveryManifestButTheTemplateAndThePostgresCluster() throws IOException {
        Set<String> listed = new TreeSet<>(kustomizationResources);
        assertFalse(listed.contains("keys-secret.template.yaml"), "the key Secret template must not be deployed");
        assertTrue(
                listed.stream().noneMatch(f -> f.startsWith("postgres")),
                "the CNPG Cluster needs the operator: keep it out of the main kustomization");
        assertFalse(kustomization.has("namespace"), "resources are namespace-less: choose it with kubectl -n");

        Set<String> onDisk;
        try (Stream<Path> s = Files.list(K8S)) {
            onDisk = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .filter(n -> !n.equals("kustomization.yaml") && !n.endsWith(".template.yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(onDisk, listed, "every manifest in k8s/ (except templates) must be a kustomization resource");

        for (HasMetadata r : resources) {
            assertNotNull(r.getMetadata().getName(), r.getKind() + " without a name");
            assertEquals(null, r.getMetadata().getNamespace(), r.getKind() + " must be namespace-less");
        }

        JsonNode pg = YAML.readTree(K8S.resolve("postgres/kustomization.yaml").toFile());
        List<String> pgResources = new ArrayList<>();
        pg.path("resources").forEach(n -> pgResources.add(n.asText()));
        assertEquals(List.of("cnpg-cluster.yaml"), pgResources, "k8s/postgres/kustomization.yaml");
    }

    @Test
    void everyManifestUsesOnlyFieldsTheKubernetesModelKnows() {
        for (HasMetadata r : resources) {
            assertNoUnknownFields(r, r.getKind() + "/" + r.getMetadata().getName());
        }
        assertNoUnknownFields(keysSecretTemplate, "keys-secret.template.yaml");
    }

    @Test
    void labelsAnnotationsAndConfigMapValuesAreYamlStrings() {
        // The model would silently coerce `12` into "12"; the API server rejects a non-string there.
        for (HasMetadata r : resources) {
            JsonNode raw = rawOf.get(r);
            List<JsonNode> stringMaps = new ArrayList<>();
            stringMaps.add(raw.path("metadata").path("labels"));
            stringMaps.add(raw.path("metadata").path("annotations"));
            stringMaps.add(raw.path("spec").path("template").path("metadata").path("labels"));
            stringMaps.add(raw.path("spec").path("template").path("metadata").path("annotations"));
            if (r instanceof ConfigMap) {
                stringMaps.add(raw.path("data"));
            }
            for (JsonNode m : stringMaps) {
                m.properties()
                        .forEach(e -> assertTrue(
                                e.getValue().isTextual(),
                                r.getKind() + " " + e.getKey() + " must be a quoted string, got " + e.getValue()));
            }
        }
    }

    // ---- Deployment <-> application.properties ---------------------------------------------------------

    @Test
    void containerPortsAreTheConfiguredHttpAndManagementPorts() {
        Container c = appContainer();
        assertEquals(httpPort(), namedPort(c, "http"), "container port 'http' vs quarkus.http.port");
        assertEquals(
                managementPort(), namedPort(c, "management"), "container port 'management' vs quarkus.management.port");
        assertEquals("true", prop("quarkus.management.enabled"), "health/metrics must be on the management interface");
        assertEquals(2, c.getPorts().size(), "only the API and management ports are exposed");
    }

    @Test
    void probesHitTheHealthEndpointsOnTheManagementPort() {
        Container c = appContainer();
        String health = healthRoot();
        assertProbe(c, c.getLivenessProbe(), "livenessProbe", Set.of(health + "/live"));
        assertProbe(c, c.getReadinessProbe(), "readinessProbe", Set.of(health + "/ready"));
        if (c.getStartupProbe() != null) {
            assertProbe(c, c.getStartupProbe(), "startupProbe", Set.of(health + "/live", health + "/started"));
        }
    }

    @Test
    void prometheusScrapeAnnotationsPointAtTheMetricsEndpoint() {
        Map<String, String> ann =
                deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        if (ann == null || !ann.containsKey("prometheus.io/scrape")) {
            return;
        }
        assertEquals(String.valueOf(managementPort()), ann.get("prometheus.io/port"), "prometheus.io/port");
        assertEquals(
                managementPath(prop("quarkus.micrometer.export.prometheus.path", "metrics")),
                ann.get("prometheus.io/path"),
                "prometheus.io/path vs quarkus.micrometer.export.prometheus.path");
    }

    @Test
    void terminationGraceOutlastsPreStopPlusQuarkusShutdownTimeout() {
        Duration shutdown = quarkusDuration(prop("quarkus.shutdown.timeout"));
        long preStop = 0;
        Container c = appContainer();
        if (c.getLifecycle() != null && c.getLifecycle().getPreStop() != null) {
            var preStopHandler = c.getLifecycle().getPreStop();
            assertNotNull(preStopHandler.getSleep(), "preStop: use the sleep action (no shell needed in the image)");
            preStop = preStopHandler.getSleep().getSeconds();
        }
        Long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        assertNotNull(grace, "terminationGracePeriodSeconds");
        assertTrue(
                grace > preStop + shutdown.toSeconds(),
                "terminationGracePeriodSeconds " + grace + " must exceed preStop " + preStop
                        + "s + quarkus.shutdown.timeout " + shutdown.toSeconds() + "s");
    }

    @Test
    void everyEnvironmentVariableIsOneTheApplicationReads() {
        Map<String, String> set = new LinkedHashMap<>();
        configMap
                .getData()
                .forEach((k, v) ->
                        set.put(k, "ConfigMap " + configMap.getMetadata().getName()));
        Container c = appContainer();
        Set<String> explicit = new LinkedHashSet<>();
        for (EnvVar e : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
            assertTrue(explicit.add(e.getName()), "env " + e.getName() + " set twice");
            assertFalse(
                    set.containsKey(e.getName()),
                    "env " + e.getName() + " set both in the ConfigMap and in env: (env silently wins)");
            set.put(e.getName(), "Deployment env");
        }

        Set<String> authEnv = app.stringPropertyNames().stream()
                .map(KubernetesManifestsTest::withoutProfile)
                .filter(k -> k.startsWith("auth."))
                .map(KubernetesManifestsTest::envName)
                .collect(Collectors.toSet());
        assertFalse(authEnv.isEmpty(), "application.properties lists no auth.* key");
        for (var e : set.entrySet()) {
            String name = e.getKey();
            if (name.startsWith("AUTH_")) {
                assertTrue(
                        authEnv.contains(name),
                        e.getValue() + " sets " + name + ", which matches no auth.* key of application.properties");
            } else {
                assertTrue(
                        KNOWN_ENV.contains(name),
                        e.getValue() + " sets " + name + ", which the application does not read");
            }
        }
        assertTrue(
                set.keySet().containsAll(REQUIRED_ENV),
                "missing env: "
                        + REQUIRED_ENV.stream().filter(n -> !set.containsKey(n)).toList());

        List<EnvFromSource> envFrom = Objects.requireNonNullElse(c.getEnvFrom(), List.of());
        assertTrue(
                envFrom.stream()
                        .anyMatch(f -> f.getConfigMapRef() != null
                                && configMap
                                        .getMetadata()
                                        .getName()
                                        .equals(f.getConfigMapRef().getName())),
                "container must take envFrom the ConfigMap "
                        + configMap.getMetadata().getName());
        assertTrue(envFrom.stream().allMatch(f -> f.getSecretRef() == null), "no envFrom whole Secrets: name each key");

        for (String k : List.of("MP_JWT_VERIFY_ISSUER", "MP_JWT_VERIFY_AUDIENCES")) {
            assertFalse(configMap.getData().getOrDefault(k, "").isBlank(), k + " must not be blank");
        }
        assertTrue(
                URI.create(configMap.getData().get("MP_JWT_VERIFY_ISSUER")).isAbsolute(),
                "issuer must be an absolute URI");
    }

    @Test
    void secretsComeFromSecretsNeverFromTheConfigMap() {
        Set<String> secretish = Set.of(
                "QUARKUS_DATASOURCE_PASSWORD",
                "QUARKUS_DATASOURCE_USERNAME",
                "ADMIN_PASSWORD",
                "AUTH_PASSWORD_PEPPER",
                "AUTH_MFA_ENCRYPTION_KEY");
        for (String k : configMap.getData().keySet()) {
            assertFalse(
                    secretish.contains(k)
                            || k.endsWith("_PASSWORD")
                            || k.contains("SECRET")
                            || k.contains("PEPPER")
                            || k.endsWith("_KEY"),
                    "ConfigMap must not carry " + k);
        }
        for (EnvVar e : appContainer().getEnv()) {
            if (secretish.contains(e.getName()) || e.getName().endsWith("_PASSWORD")) {
                assertEquals(null, e.getValue(), e.getName() + " must not be a literal value");
                assertNotNull(
                        e.getValueFrom() == null ? null : e.getValueFrom().getSecretKeyRef(),
                        e.getName() + " must come from a secretKeyRef");
            }
        }
        SecretKeySelector adminPassword = secretRef("ADMIN_PASSWORD");
        SecretKeySelector adminEmail = secretRef("ADMIN_EMAIL");
        assertEquals(Boolean.TRUE, adminPassword.getOptional(), "admin bootstrap secret must be optional");
        assertEquals(Boolean.TRUE, adminEmail.getOptional(), "admin bootstrap secret must be optional");
        assertEquals(adminEmail.getName(), adminPassword.getName(), "ADMIN_EMAIL and ADMIN_PASSWORD from one Secret");
        SecretKeySelector pepper = secretRef("AUTH_PASSWORD_PEPPER");
        assertNotEquals(Boolean.TRUE, pepper.getOptional(), "the pepper is required: prod refuses to start without it");
        assertNotEquals(
                adminPassword.getName(),
                pepper.getName(),
                "the pepper outlives the bootstrap admin's Secret, which is deleted after the first start");
        SecretKeySelector mfaKey = secretRef("AUTH_MFA_ENCRYPTION_KEY");
        assertNotEquals(
                Boolean.TRUE, mfaKey.getOptional(), "the MFA key is required: prod refuses to start without it");
        assertNotEquals(
                adminPassword.getName(),
                mfaKey.getName(),
                "the MFA key outlives the bootstrap admin's Secret, which is deleted after the first start");
    }

    @Test
    void databaseSettingsMatchTheCloudNativePgCluster() {
        assertEquals("postgresql.cnpg.io/v1", cnpgCluster.getApiVersion());
        assertEquals("Cluster", cnpgCluster.getKind());
        String cluster = cnpgCluster.getMetadata().getName();
        assertEquals("jwt-auth-db", cluster);
        assertEquals(3, ((Number) cnpgCluster.get("spec", "instances")).intValue(), "CNPG instances");
        String database = cnpgCluster.get("spec", "bootstrap", "initdb", "database");
        String owner = cnpgCluster.get("spec", "bootstrap", "initdb", "owner");
        assertNotNull(database, "spec.bootstrap.initdb.database");
        assertNotNull(owner, "spec.bootstrap.initdb.owner");

        String url = configMap.getData().get("QUARKUS_DATASOURCE_JDBC_URL");
        Matcher m = Pattern.compile("jdbc:postgresql://([^:/?]+):(\\d+)/([^?]+)(\\?.*)?")
                .matcher(url);
        assertTrue(m.matches(), "QUARKUS_DATASOURCE_JDBC_URL " + url);
        assertEquals(
                cluster + "-rw",
                m.group(1),
                "JDBC host must be the CNPG read-write service (LISTEN/NOTIFY needs the primary)");
        assertEquals(5432, Integer.parseInt(m.group(2)), "JDBC port");
        assertEquals(database, m.group(3), "JDBC database vs CNPG bootstrap.initdb.database");

        // CNPG generates <cluster>-app with keys username/password for the initdb owner.
        SecretKeySelector user = secretRef("QUARKUS_DATASOURCE_USERNAME");
        SecretKeySelector password = secretRef("QUARKUS_DATASOURCE_PASSWORD");
        assertEquals(cluster + "-app", user.getName());
        assertEquals("username", user.getKey());
        assertEquals(cluster + "-app", password.getName());
        assertEquals("password", password.getKey());
        assertFalse(
                Boolean.TRUE.equals(user.getOptional()) || Boolean.TRUE.equals(password.getOptional()),
                "database credentials are mandatory");
    }

    // ---- keys ------------------------------------------------------------------------------------------

    @Test
    void keyLocationsAreFilesOfTheMountedKeySecret() {
        String secretName = keysSecretTemplate.getMetadata().getName();
        assertEquals("jwt-auth-keys", secretName);
        Set<String> secretKeys = secretKeys(keysSecretTemplate);
        assertEquals(
                Set.of("signing-key.jwk.json", "verification-keys.jwks.json"),
                secretKeys,
                "keys of the Secret template");

        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Volume volume = pod.getVolumes().stream()
                .filter(v ->
                        v.getSecret() != null && secretName.equals(v.getSecret().getSecretName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume from Secret " + secretName));
        assertFalse(Boolean.TRUE.equals(volume.getSecret().getOptional()), "the key Secret must not be optional");
        VolumeMount mount = appContainer().getVolumeMounts().stream()
                .filter(vm -> vm.getName().equals(volume.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("volume " + volume.getName() + " is not mounted"));
        assertEquals(Boolean.TRUE, mount.getReadOnly(), "key volume must be mounted readOnly");
        assertEquals(null, mount.getSubPath(), "no subPath: a subPath mount never sees a rotated key");

        Map<String, String> fileToKey = new LinkedHashMap<>();
        if (volume.getSecret().getItems() == null
                || volume.getSecret().getItems().isEmpty()) {
            secretKeys.forEach(k -> fileToKey.put(k, k));
        } else {
            volume.getSecret().getItems().forEach(i -> fileToKey.put(i.getPath(), i.getKey()));
        }

        for (String env : List.of("SMALLRYE_JWT_SIGN_KEY_LOCATION", "MP_JWT_VERIFY_PUBLICKEY_LOCATION")) {
            String location = configMap.getData().get(env);
            assertNotNull(location, env + " missing from the ConfigMap");
            String prefix = mount.getMountPath().endsWith("/") ? mount.getMountPath() : mount.getMountPath() + "/";
            assertTrue(
                    location.startsWith(prefix),
                    env + "=" + location + " is not under the key mount " + mount.getMountPath());
            String file = location.substring(prefix.length());
            assertTrue(
                    fileToKey.containsKey(file),
                    env + " names " + file + ", which the Secret volume does not provide " + fileToKey.keySet());
            assertTrue(
                    secretKeys.contains(fileToKey.get(file)),
                    env + ": key " + fileToKey.get(file) + " not in the Secret");
        }
        assertEquals(
                "/deployment/keys/signing-key.jwk.json", configMap.getData().get("SMALLRYE_JWT_SIGN_KEY_LOCATION"));
        assertEquals(
                "/deployment/keys/verification-keys.jwks.json",
                configMap.getData().get("MP_JWT_VERIFY_PUBLICKEY_LOCATION"));
    }

    @Test
    void keySecretTemplateHoldsPlaceholdersAndItsCommandCreatesTheSameSecret() throws IOException {
        String text = Files.readString(KEYS_SECRET_TEMPLATE);
        Matcher m = Pattern.compile("kubectl create secret generic (\\S+)((?:\\s+--from-file=\\S+)+)")
                .matcher(text);
        assertTrue(m.find(), "keys-secret.template.yaml must document the kubectl create secret command");
        assertEquals(keysSecretTemplate.getMetadata().getName(), m.group(1), "secret name in the kubectl command");
        Set<String> fromFileKeys = new TreeSet<>();
        Matcher f = Pattern.compile("--from-file=([^=\\s]+)(=\\S+)?").matcher(m.group(2));
        while (f.find()) {
            String key = f.group(2) == null ? Path.of(f.group(1)).getFileName().toString() : f.group(1);
            fromFileKeys.add(key);
        }
        assertEquals(new TreeSet<>(secretKeys(keysSecretTemplate)), fromFileKeys, "--from-file keys vs template keys");

        Map<String, String> values = new LinkedHashMap<>();
        if (keysSecretTemplate.getStringData() != null) {
            values.putAll(keysSecretTemplate.getStringData());
        }
        assertTrue(
                keysSecretTemplate.getData() == null
                        || keysSecretTemplate.getData().isEmpty(),
                "the template must not carry base64 data");
        values.forEach((k, v) -> assertTrue(v.startsWith("REPLACE_ME"), k + " must be a REPLACE_ME placeholder"));
    }

    @Test
    void noManifestContainsKeyMaterialOrLiteralSecrets() throws IOException {
        Pattern privateKey = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----|\"d\"\\s*:\\s*\"[A-Za-z0-9_-]{20,}");
        List<Path> files;
        try (Stream<Path> s = Files.walk(K8S)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path p : files) {
            assertFalse(privateKey.matcher(Files.readString(p)).find(), p + " contains key material");
        }
        assertTrue(
                resources.stream().noneMatch(r -> r instanceof Secret),
                "Secrets are created out of band, not by kustomize");
    }

    // ---- Service / HPA / PDB / NetworkPolicy -----------------------------------------------------------

    @Test
    void serviceTargetsTheNamedContainerPortsOfThePods() {
        assertTrue(matches(service.getSpec().getSelector(), podLabels()), "Service selector must select the pods");
        Container c = appContainer();
        ServicePort http = servicePort("http");
        assertEquals(80, http.getPort(), "Service port for the API");
        assertEquals("http", http.getTargetPort().getStrVal(), "API Service port must target the named container port");
        assertEquals(httpPort(), resolvePort(c, http.getTargetPort()));
        ServicePort management = servicePort("management");
        assertEquals(managementPort(), management.getPort(), "metrics Service port");
        assertEquals("management", management.getTargetPort().getStrVal());
        assertEquals(managementPort(), resolvePort(c, management.getTargetPort()));
        for (ServicePort p : service.getSpec().getPorts()) {
            resolvePort(c, p.getTargetPort());
        }
    }

    @Test
    void deploymentSelectorSelectsItsOwnPodTemplate() {
        assertTrue(
                matches(deployment.getSpec().getSelector(), podLabels()), "Deployment selector vs pod template labels");
        assertEquals("jwt-auth-service", deployment.getMetadata().getName());
        assertEquals(2, deployment.getSpec().getReplicas());
    }

    @Test
    void hpaScalesTheDeploymentOnCpu() {
        var ref = hpa.getSpec().getScaleTargetRef();
        assertEquals("apps/v1", ref.getApiVersion());
        assertEquals("Deployment", ref.getKind());
        assertEquals(deployment.getMetadata().getName(), ref.getName(), "HPA scaleTargetRef");
        assertEquals(2, hpa.getSpec().getMinReplicas());
        assertEquals(10, hpa.getSpec().getMaxReplicas());
        MetricSpec cpu = hpa.getSpec().getMetrics().stream()
                .filter(ms -> "Resource".equals(ms.getType())
                        && "cpu".equals(ms.getResource().getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("HPA has no cpu metric"));
        assertEquals("Utilization", cpu.getResource().getTarget().getType());
        assertEquals(70, cpu.getResource().getTarget().getAverageUtilization());
        assertNotNull(appContainer().getResources().getRequests().get("cpu"), "CPU utilisation needs a CPU request");
        assertTrue(
                deployment.getSpec().getReplicas() >= hpa.getSpec().getMinReplicas()
                        && deployment.getSpec().getReplicas() <= hpa.getSpec().getMaxReplicas(),
                "replicas within HPA bounds");
    }

    @Test
    void pdbProtectsThePodsWithoutBlockingDrains() {
        assertTrue(matches(pdb.getSpec().getSelector(), podLabels()), "PDB selector must select the pods");
        assertEquals(1, pdb.getSpec().getMinAvailable().getIntVal(), "PDB minAvailable");
        assertTrue(
                pdb.getSpec().getMinAvailable().getIntVal() < hpa.getSpec().getMinReplicas(),
                "minAvailable >= minReplicas would block every node drain");
    }

    @Test
    void networkPolicyOpensTheApiOnlyToTheIngressNamespaceAndMetricsToMonitoring() {
        assertTrue(
                matches(networkPolicy.getSpec().getPodSelector(), podLabels()),
                "NetworkPolicy podSelector must select the pods");
        assertTrue(networkPolicy.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress")), "policyTypes");
        Container c = appContainer();

        boolean apiOpen = false;
        boolean managementOpen = false;
        for (NetworkPolicyIngressRule rule : networkPolicy.getSpec().getIngress()) {
            assertFalse(
                    rule.getPorts() == null || rule.getPorts().isEmpty(),
                    "an ingress rule without ports opens every port");
            for (NetworkPolicyPort p : rule.getPorts()) {
                int port = resolvePort(c, p.getPort());
                assertTrue(port == httpPort() || port == managementPort(), "ingress to unexpected port " + port);
                if (port == httpPort()) {
                    apiOpen = true;
                    // only the ingress may connect, so only the ingress can write X-Forwarded-For
                    assertFalse(rule.getFrom() == null || rule.getFrom().isEmpty(), "API port open to everyone");
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        assertEquals(null, peer.getIpBlock(), "API port: no ipBlock peers");
                        assertNotNull(
                                peer.getNamespaceSelector(),
                                "API port only from the ingress namespace (a bare podSelector means our own)");
                        Map<String, String> byName = peer.getNamespaceSelector().getMatchLabels();
                        assertTrue(
                                byName != null
                                        && !byName.getOrDefault(NAMESPACE_NAME_LABEL, "")
                                                .isBlank(),
                                "API port: the namespaceSelector must name the namespace by " + NAMESPACE_NAME_LABEL);
                    }
                }
                if (port == managementPort()) {
                    managementOpen = true;
                    assertFalse(rule.getFrom() == null || rule.getFrom().isEmpty(), "management port open to everyone");
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        assertEquals(null, peer.getIpBlock(), "management port: no ipBlock peers");
                        assertTrue(
                                peer.getPodSelector() != null && !isEmpty(peer.getPodSelector()),
                                "management port only from labelled (monitoring) pods");
                    }
                }
            }
        }
        assertTrue(apiOpen, "NetworkPolicy must admit the API port " + httpPort());
        assertTrue(managementOpen, "NetworkPolicy must admit monitoring to the management port " + managementPort());

        String cluster = cnpgCluster.getMetadata().getName();
        int smtpPort = Integer.parseInt(configMap.getData().get("QUARKUS_MAILER_PORT"));
        boolean postgres = false;
        boolean dnsUdp = false;
        boolean smtp = false;
        for (NetworkPolicyEgressRule rule : networkPolicy.getSpec().getEgress()) {
            assertFalse(
                    rule.getPorts() == null || rule.getPorts().isEmpty(),
                    "an egress rule without ports opens every port");
            for (NetworkPolicyPort p : rule.getPorts()) {
                int port = p.getPort().getIntVal();
                assertTrue(port == 5432 || port == 53 || port == smtpPort, "egress to unexpected port " + port);
                smtp |= port == smtpPort && "TCP".equals(p.getProtocol());
                if (port == 5432) {
                    postgres = true;
                    assertTrue(
                            rule.getTo() != null
                                    && rule.getTo().stream()
                                            .allMatch(peer -> peer.getPodSelector() != null
                                                    && matches(
                                                            peer.getPodSelector(), Map.of("cnpg.io/cluster", cluster))),
                            "PostgreSQL egress only to the pods of the CNPG cluster " + cluster);
                }
                if (port == 53 && "UDP".equals(p.getProtocol())) {
                    dnsUdp = true;
                }
            }
        }
        assertTrue(postgres, "egress to PostgreSQL 5432 missing");
        assertTrue(dnsUdp, "egress to DNS 53/UDP missing");
        assertTrue(smtp, "egress to the mail relay's port " + smtpPort + " missing: mails would wait forever");
    }

    @Test
    void smtpSettingsAreInTheConfigMapAndItsCredentialsInASecret() {
        Map<String, String> data = configMap.getData();
        for (String k : List.of("QUARKUS_MAILER_HOST", "QUARKUS_MAILER_PORT", "QUARKUS_MAILER_FROM")) {
            assertFalse(data.getOrDefault(k, "").isBlank(), k + " must be set in the ConfigMap");
        }
        assertEquals("REQUIRED", data.get("QUARKUS_MAILER_START_TLS"), "credentials never cross the network in clear");
        SecretKeySelector password = secretRef("QUARKUS_MAILER_PASSWORD");
        SecretKeySelector username = secretRef("QUARKUS_MAILER_USERNAME");
        assertEquals(password.getName(), username.getName(), "SMTP username and password from one Secret");
        assertNotEquals(secretRef("AUTH_PASSWORD_PEPPER").getName(), password.getName(), "the SMTP Secret is its own");
        URI publicUrl = URI.create(data.getOrDefault("AUTH_PUBLIC_URL", ""));
        assertEquals("https", publicUrl.getScheme(), "links in mails are built from AUTH_PUBLIC_URL: https");
    }

    @Test
    void trustedProxiesNameOnlyANarrowIngressRange() {
        String value = configMap.getData().getOrDefault("AUTH_TRUSTED_PROXIES", "");
        assertFalse(
                value.isBlank(),
                "AUTH_TRUSTED_PROXIES must name the ingress controller: behind an ingress, "
                        + "without it every client shares the ingress's address and throttle keys");
        for (String entry : value.split(",")) {
            String[] parts = entry.strip().split("/", -1);
            assertTrue(parts.length <= 2, "AUTH_TRUSTED_PROXIES entry " + entry);
            boolean ipv4 = NetUtil.isValidIpV4Address(parts[0]);
            assertTrue(
                    ipv4
                            || (NetUtil.isValidIpV6Address(parts[0])
                                    && !parts[0].contains("%")
                                    && !parts[0].contains("[")),
                    "AUTH_TRUSTED_PROXIES entry " + entry + " is not an IP or CIDR range");
            int bits = ipv4 ? 32 : 128;
            int prefix = parts.length == 1 ? bits : Integer.parseInt(parts[1]);
            int narrowest = ipv4 ? MIN_TRUSTED_PREFIX_IPV4 : MIN_TRUSTED_PREFIX_IPV6;
            // this also keeps out 0.0.0.0/0, ::/0 and the RFC 1918 /8, /12 and /16 ranges
            assertTrue(
                    prefix >= narrowest && prefix <= bits,
                    "AUTH_TRUSTED_PROXIES entry " + entry + " is wider than /" + narrowest
                            + ": any pod in it could choose its own client address");
        }
    }

    // ---- security ---------------------------------------------------------------------------------------

    @Test
    void podAndContainerSecurityContextsAreRestrictive() {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        PodSecurityContext psc = pod.getSecurityContext();
        assertNotNull(psc, "pod securityContext");
        assertEquals(Boolean.TRUE, psc.getRunAsNonRoot(), "pod runAsNonRoot");
        assertEquals(NON_ROOT_UID, psc.getRunAsUser(), "pod runAsUser");
        assertRuntimeDefault(psc.getSeccompProfile(), "pod");
        assertFalse(
                Boolean.TRUE.equals(pod.getHostNetwork())
                        || Boolean.TRUE.equals(pod.getHostPID())
                        || Boolean.TRUE.equals(pod.getHostIPC()),
                "no host namespaces");

        for (Container c : pod.getContainers()) {
            SecurityContext sc = c.getSecurityContext();
            assertNotNull(sc, c.getName() + " securityContext");
            assertEquals(Boolean.TRUE, sc.getRunAsNonRoot(), "runAsNonRoot");
            assertEquals(NON_ROOT_UID, sc.getRunAsUser(), "runAsUser");
            assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), "readOnlyRootFilesystem");
            assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), "allowPrivilegeEscalation");
            assertFalse(Boolean.TRUE.equals(sc.getPrivileged()), "privileged");
            assertNotNull(sc.getCapabilities(), "capabilities");
            assertTrue(sc.getCapabilities().getDrop().contains("ALL"), "capabilities.drop ALL");
            assertTrue(
                    sc.getCapabilities().getAdd() == null
                            || sc.getCapabilities().getAdd().isEmpty(),
                    "no added capabilities");
            assertRuntimeDefault(sc.getSeccompProfile(), "container");
        }

        // Read-only root filesystem: Quarkus needs a writable /tmp, from an emptyDir.
        VolumeMount tmp = appContainer().getVolumeMounts().stream()
                .filter(vm -> "/tmp".equals(vm.getMountPath()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no /tmp mount"));
        Volume tmpVolume = pod.getVolumes().stream()
                .filter(v -> v.getName().equals(tmp.getName()))
                .findFirst()
                .orElseThrow();
        assertNotNull(tmpVolume.getEmptyDir(), "/tmp must be an emptyDir");
        assertFalse(Boolean.TRUE.equals(tmp.getReadOnly()), "/tmp must be writable");
    }

    @Test
    void resourcesHaveRequestsAndLimits() {
        ResourceRequirements res = appContainer().getResources();
        assertNotNull(res, "resources");
        for (String r : List.of("cpu", "memory")) {
            Quantity req = res.getRequests().get(r);
            Quantity lim = res.getLimits().get(r);
            assertNotNull(req, "requests." + r);
            assertNotNull(lim, "limits." + r);
            assertTrue(
                    Quantity.getAmountInBytes(lim).compareTo(Quantity.getAmountInBytes(req)) >= 0,
                    "limits." + r + " < requests." + r);
        }
    }

    @Test
    void dockerfilesRunAsThePodUserAndExposeTheConfiguredPorts() throws IOException {
        for (String name : List.of("Dockerfile.jvm", "Dockerfile.native")) {
            String df = Files.readString(BASE.resolve("src/main/docker").resolve(name));
            Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)\\s*$").matcher(df);
            String lastUser = null;
            while (user.find()) {
                lastUser = user.group(1);
            }
            assertEquals(String.valueOf(NON_ROOT_UID), lastUser, name + ": final USER vs pod runAsUser");
            Matcher expose = Pattern.compile("(?m)^EXPOSE\\s+(.+)$").matcher(df);
            Set<Integer> exposed = new TreeSet<>();
            while (expose.find()) {
                for (String p : expose.group(1).trim().split("\\s+")) {
                    exposed.add(Integer.parseInt(p.replaceAll("/.*", "")));
                }
            }
            assertEquals(Set.of(httpPort(), managementPort()), exposed, name + ": EXPOSE");
            assertTrue(df.contains("-Dquarkus.http.host=0.0.0.0"), name + ": must bind 0.0.0.0");
            // the runtime user can read and run the application, never rewrite it
            Matcher copy = Pattern.compile("(?m)^(COPY|ADD)\\s.*$").matcher(df);
            while (copy.find()) {
                assertFalse(
                        copy.group().contains("--chown"), name + ": application files stay root's: " + copy.group());
                Matcher mode = Pattern.compile("--chmod=0?(\\d{3})").matcher(copy.group());
                if (mode.find()) {
                    assertTrue(
                            mode.group(1).chars().allMatch(ch -> ((ch - '0') & 2) == 0),
                            name + ": application files are not writable: " + copy.group());
                }
            }
        }
        String jvm = Files.readString(BASE.resolve("src/main/docker/Dockerfile.jvm"));
        assertTrue(jvm.contains("ubi9/openjdk-17-runtime"), "JVM image on ubi9 openjdk-17-runtime");
        assertTrue(
                Pattern.compile("(?m)^ENV JAVA_OPTS_APPEND=\".*-Dquarkus\\.http\\.host=0\\.0\\.0\\.0")
                        .matcher(jvm)
                        .find(),
                "Dockerfile.jvm: JAVA_OPTS_APPEND with -Dquarkus.http.host=0.0.0.0");
    }

    @Test
    void jvmImageRunsWithTheClassDataArchiveItDumpsFromTheTrainedClassList() throws IOException {
        String jvm = Files.readString(BASE.resolve(JvmImage.DOCKERFILE));
        Matcher used = Pattern.compile("-XX:SharedArchiveFile=(\\S+)").matcher(JvmImage.env("JAVA_OPTS_APPEND"));
        assertTrue(used.find(), "JAVA_OPTS_APPEND runs with a class-data archive");
        Matcher dumped = Pattern.compile("-Xshare:dump -XX:SharedClassListFile=(\\S+) -XX:SharedArchiveFile=(\\S+)")
                .matcher(jvm);
        assertTrue(dumped.find(), "Dockerfile.jvm dumps the archive from a class list");
        assertEquals(used.group(1), dumped.group(2), "the archive run with is the one dumped");
        assertTrue(jvm.contains(ClassListTraining.CLASS_LIST.toString()), "the class list comes from the build");
        assertEquals("/deployments/" + ClassListTraining.CLASS_LIST.getFileName(), dumped.group(1));
        assertEquals(JvmImage.IMAGE_ARCHIVE, used.group(1));
        // the image's instructions name the build step that writes the list, and the pom has it
        assertTrue(jvm.contains("exec:exec@" + ClassListTraining.EXECUTION_ID), "Dockerfile.jvm names the build step");
        String pom = Files.readString(BASE.resolve("pom.xml"));
        assertTrue(pom.contains("<id>" + ClassListTraining.EXECUTION_ID + "</id>"), "pom.xml has the build step");
    }

    /**
     * The base image's run-java.sh always passes a collector: GC_CONTAINER_OPTIONS, or -XX:+UseParallelGC when
     * that is unset. A collector named in JAVA_OPTS_APPEND as well makes the JVM refuse to start ("Multiple garbage
     * collectors selected"), so the image names exactly one, in GC_CONTAINER_OPTIONS.
     */
    @Test
    void jvmImageNamesItsCollectorWhereTheBaseImageTakesIt() throws IOException {
        Pattern collector = Pattern.compile("-XX:\\+Use\\w+GC");
        assertFalse(collector.matcher(JvmImage.env("JAVA_OPTS_APPEND")).find(), "no collector in JAVA_OPTS_APPEND");
        assertEquals(
                List.of("-XX:+UseSerialGC"),
                List.of(JvmImage.env("GC_CONTAINER_OPTIONS").split(" ")));
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static List<JsonNode> readDocuments(Path p) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(p.toFile())) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    docs.add(n);
                }
            }
        }
        return docs;
    }

    private static Object toModel(JsonNode doc, String file) {
        String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        Class<?> type = MODEL.get(key);
        if (type == null) {
            fail(file + ": unexpected apiVersion/kind " + key + " (expected one of " + new TreeSet<>(MODEL.keySet())
                    + ")");
        }
        try {
            return YAML.treeToValue(doc, type);
        } catch (IOException e) {
            throw new AssertionError(file + ": does not parse as " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static <T> T single(Class<T> type) {
        List<T> found =
                resources.stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), "expected exactly one " + type.getSimpleName() + " in the kustomization");
        return found.get(0);
    }

    /**
     * Fabric8 models swallow unknown YAML keys into additionalProperties; a typo such as {@code readinesProbe}
     * would otherwise pass unnoticed. Walks the whole object graph (fields, lists, maps).
     */
    private static void assertNoUnknownFields(Object root, String where) {
        walk(root, where, new IdentityHashMap<>());
    }

    private static void walk(Object o, String path, IdentityHashMap<Object, Boolean> seen) {
        if (o == null
                || o instanceof String
                || o instanceof Number
                || o instanceof Boolean
                || o instanceof Enum<?>
                || o.getClass().isPrimitive()
                || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Collection<?> col) {
            int i = 0;
            for (Object e : col) {
                walk(e, path + "[" + i++ + "]", seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Object v;
                try {
                    v = f.get(o);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (f.getName().equals("additionalProperties") && v instanceof Map<?, ?> extra) {
                    assertTrue(extra.isEmpty(), path + ": unknown field(s) " + extra.keySet());
                } else {
                    walk(v, path + "." + f.getName(), seen);
                }
            }
        }
    }

    private static String prop(String key) {
        String v = prop(key, null);
        assertNotNull(v, "application.properties has no " + key);
        return v;
    }

    /** The value the prod profile (the container image) sees. */
    private static String prop(String key, String defaultValue) {
        return app.getProperty("%prod." + key, app.getProperty(key, defaultValue));
    }

    private static int httpPort() {
        return Integer.parseInt(prop("quarkus.http.port"));
    }

    private static int managementPort() {
        return Integer.parseInt(prop("quarkus.management.port"));
    }

    /** Absolute path of an endpoint on the management interface: leading '/' = absolute, else under quarkus.management.root-path. */
    private static String managementPath(String configured) {
        if (configured.startsWith("/")) {
            return configured;
        }
        String root = prop("quarkus.management.root-path", "/q");
        return (root.endsWith("/") ? root : root + "/") + configured;
    }

    private static String healthRoot() {
        String root = managementPath(prop("quarkus.smallrye-health.root-path", "health"));
        return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    private static String withoutProfile(String key) {
        return key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
    }

    /** MicroProfile Config environment variable name of a property: non-alphanumerics to '_', upper case. */
    private static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Quarkus duration syntax: plain number = seconds, number + ms/s/m/h/d, or ISO-8601. */
    private static Duration quarkusDuration(String v) {
        String s = v.trim();
        if (s.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(s));
        }
        if (s.matches("\\d+ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        if (s.matches("\\d+[dD]")) {
            return Duration.parse("P" + s.toUpperCase(Locale.ROOT));
        }
        if (s.matches("\\d+(\\.\\d+)?[hHmMsS]")) {
            return Duration.parse("PT" + s.toUpperCase(Locale.ROOT));
        }
        return Duration.parse(s);
    }

    private static Container appContainer() {
        List<Container> cs = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, cs.size(), "one container per pod");
        return cs.get(0);
    }

    private static Map<String, String> podLabels() {
        Map<String, String> labels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertNotNull(labels, "pod template labels");
        return labels;
    }

    private static int namedPort(Container c, String name) {
        return c.getPorts().stream()
                .filter(p -> name.equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError("container has no port named " + name));
    }

    private static int resolvePort(Container c, IntOrString port) {
        assertNotNull(port, "port");
        if (port.getIntVal() != null) {
            int p = port.getIntVal();
            assertTrue(c.getPorts().stream().anyMatch(cp -> cp.getContainerPort() == p), "no container port " + p);
            return p;
        }
        return namedPort(c, port.getStrVal());
    }

    private static void assertProbe(Container c, Probe probe, String what, Set<String> allowedPaths) {
        assertNotNull(probe, what);
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, what + " must be an httpGet probe");
        assertEquals(managementPort(), resolvePort(c, get.getPort()), what + " must use the management port");
        assertTrue(allowedPaths.contains(get.getPath()), what + " path " + get.getPath() + " not in " + allowedPaths);
        assertTrue(get.getScheme() == null || "HTTP".equals(get.getScheme()), what + " scheme");
    }

    private static SecretKeySelector secretRef(String env) {
        EnvVar e = appContainer().getEnv().stream()
                .filter(v -> env.equals(v.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("env " + env + " not set"));
        assertNotNull(e.getValueFrom(), env + " valueFrom");
        assertNotNull(e.getValueFrom().getSecretKeyRef(), env + " secretKeyRef");
        return e.getValueFrom().getSecretKeyRef();
    }

    private static Set<String> secretKeys(Secret s) {
        Set<String> keys = new TreeSet<>();
        if (s.getStringData() != null) {
            keys.addAll(s.getStringData().keySet());
        }
        if (s.getData() != null) {
            keys.addAll(s.getData().keySet());
        }
        return keys;
    }

    private static ServicePort servicePort(String name) {
        return service.getSpec().getPorts().stream()
                .filter(p -> name.equals(p.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Service has no port named " + name));
    }

    private static void assertRuntimeDefault(SeccompProfile p, String where) {
        assertNotNull(p, where + " seccompProfile");
        assertEquals("RuntimeDefault", p.getType(), where + " seccompProfile.type");
    }

    private static boolean isEmpty(LabelSelector s) {
        return (s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
                && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty());
    }

    private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        assertTrue(selector != null && !selector.isEmpty(), "empty selector would select everything");
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** Kubernetes label-selector semantics (matchLabels AND matchExpressions); an empty selector is rejected here. */
    private static boolean matches(LabelSelector selector, Map<String, String> labels) {
        assertNotNull(selector, "selector");
        assertFalse(isEmpty(selector), "empty selector would select everything");
        if (selector.getMatchLabels() != null && !matches(selector.getMatchLabels(), labels)) {
            return false;
        }
        for (LabelSelectorRequirement r :
                Objects.requireNonNullElse(selector.getMatchExpressions(), List.<LabelSelectorRequirement>of())) {
            String v = labels.get(r.getKey());
            boolean ok = switch (r.getOperator()) {
                case "In" -> v != null && r.getValues().contains(v);
                case "NotIn" -> v == null || !r.getValues().contains(v);
                case "Exists" -> labels.containsKey(r.getKey());
                case "DoesNotExist" -> !labels.containsKey(r.getKey());
                default -> throw new AssertionError("unknown selector operator " + r.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
